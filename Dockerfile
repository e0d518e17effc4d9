# foia-intake: multi-stage build on a slim base, unprivileged user, healthcheck.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml constraints.txt README.md ./
COPY config ./config
COPY models ./models
COPY nlp ./nlp
COPY inbox_worker ./inbox_worker
RUN python -m venv /opt/foia-intake \
 && /opt/foia-intake/bin/pip install --no-cache-dir -c constraints.txt .

FROM python:3.11-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tesseract-ocr \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /var/lib/foia-intake foia
COPY --from=build /opt/foia-intake /opt/foia-intake
ENV PATH=/opt/foia-intake/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    FOIA_INTAKE_CONFIG=/etc/foia-intake/config.toml \
    FOIA_INTAKE_DATABASE__URL=sqlite:////var/lib/foia-intake/foia-intake.db
USER foia
WORKDIR /var/lib/foia-intake
VOLUME ["/var/lib/foia-intake"]
HEALTHCHECK --start-period=20s --interval=60s CMD ["foia-intake", "-q", "status", "--check"]
STOPSIGNAL SIGTERM
CMD ["foia-intake", "run"]
