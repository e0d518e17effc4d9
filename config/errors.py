"""Configuration errors: the user must fix the configuration file or environment."""


class ConfigError(Exception):
    """The configuration is missing, unreadable or invalid. Fix it and run again."""
