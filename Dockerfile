# foia-intake: multi-stage build on a slim base, unprivileged user, data on a volume, healthcheck.
# The install step is the README's ("pip install -c constraints.txt ."), which CI tests; the
# trained model is package data, so it is inside the image and nothing is downloaded at run time.
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
 && useradd --system --user-group --create-home --home-dir /var/lib/foia-intake foia \
 && mkdir -p /etc/foia-intake
COPY --from=build /opt/foia-intake /opt/foia-intake
# Configuration: the environment alone (FOIA_INTAKE_<SECTION>__<KEY>), or a TOML file mounted at
# /etc/foia-intake/config.toml, read when present. The image sets no FOIA_INTAKE_<SECTION>__<KEY>:
# the database defaults to foia-intake.db in the working directory (the volume), the mounted file
# overrides that, and an explicit `docker run -e FOIA_INTAKE_...` overrides both.
ENV PATH=/opt/foia-intake/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    FOIA_INTAKE_DEFAULT_CONFIG=/etc/foia-intake/config.toml
USER foia
WORKDIR /var/lib/foia-intake
VOLUME ["/var/lib/foia-intake"]
HEALTHCHECK --start-period=30s --interval=60s --timeout=10s CMD ["foia-intake", "-q", "status", "--check"]
# SIGTERM: the current message is finished and committed, the connection closed, exit 0 (in well
# under Docker's 10 s grace period).
STOPSIGNAL SIGTERM
CMD ["foia-intake", "run"]
