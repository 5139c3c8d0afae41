"""System checks of the floor's registries that name models and fields (audited models, erasure
subjects, the record of processing).

Registered from PortalConfig.ready(), they run with every `manage.py check`, `migrate` and
`runserver`, after every app's ready() has registered its entries (as django/contrib/auth/checks.py
checks AUTH_USER_MODEL). Figures, spreadsheet files and shredders are registered as objects by
decorators (portal.registry): a bad one fails at import and needs no check here.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import checks

from portal.privacy import audit, erasure


def project_models():
    """The models of the project's own apps (not Django's or a library's)."""
    base = Path(settings.BASE_DIR).resolve()
    found = []
    for app_config in apps.get_app_configs():
        path = Path(app_config.path).resolve()
        if base not in path.parents or {"site-packages", "dist-packages", ".venv"} & set(path.parts):
            continue
        found.extend(app_config.get_models())
    return found


@checks.register()
def check_audited_models(app_configs=None, **kwargs):
    errors = []
    for label in list(audit.AUDITED) + list(audit.EXEMPT):
        if audit._model(label) is None:
            errors.append(
                checks.Error(
                    f"The audit registry names the model {label!r}, which does not exist.",
                    hint="Use 'app_label.ModelName' of an installed app's model.",
                    obj=label,
                    id="portal.E003",
                )
            )
    audited = {audit._model(label) for label in audit.AUDITED}
    exempt = {audit._model(label): reason for label, reason in audit.EXEMPT.items()}
    for model in project_models():
        if model not in audited and model not in exempt:
            errors.append(
                checks.Error(
                    f"The model {model._meta.label} is neither audited nor exempted from the audit trail.",
                    hint=(
                        f"In {model._meta.app_config.name}/apps.py ready(): audit.register({model._meta.label!r}) "
                        f"or audit.exempt({model._meta.label!r}, reason)."
                    ),
                    obj=model,
                    id="portal.E004",
                )
            )
        elif model in exempt and (model in audited or not str(exempt[model]).strip()):
            errors.append(
                checks.Error(
                    f"The model {model._meta.label} is exempted from the audit trail "
                    + ("but also audited." if model in audited else "without a reason."),
                    obj=model,
                    id="portal.E005",
                )
            )
    return errors


@checks.register()
def check_erasure(app_configs=None, **kwargs):
    errors = []

    def error(message, label):
        errors.append(checks.Error(message, obj=label, id="portal.E006"))

    for label, fields in {**erasure.SUBJECTS, **erasure.PERSONS_IN_RECORDS}.items():
        model = audit._model(label)
        if model is None:
            error(f"The erasure subject {label!r} is not a model.", label)
            continue
        names = {f.name for f in model._meta.get_fields()}
        for name in fields:
            if name not in names:
                error(f"The erasure subject {label} has no field {name!r}.", label)
    for label in erasure.SHREDDERS:
        if label not in erasure.SUBJECTS and label not in erasure.PERSONS_IN_RECORDS:
            error(f"A shredder is registered for {label!r}, which is not an erasure subject.", label)
    return errors


@checks.register()
def check_processing_record(app_configs=None, **kwargs):
    """Every model that holds personal data is in the record of processing (portal.privacy.processing):
    the project's models and every installed library's (accounts, sign-in log, audit trail)."""
    return processing_record_errors(apps.get_models())


def processing_record_errors(models):
    from django.contrib.auth import get_user_model

    from portal.privacy import processing

    errors = []
    for label, declaration in list(processing.DECLARED.items()):
        model = audit._model(label)
        if model is None:
            errors.append(checks.Error(f"The record of processing declares {label!r}, which is not a model.", obj=label, id="portal.E013"))
            continue
        names = {f.name for f in model._meta.get_fields()}
        for name in declaration.fields:
            if name not in names:
                errors.append(checks.Error(f"The record of processing declares a field {name!r} that {label} does not have.", obj=label, id="portal.E013"))
        for audience in declaration.seen_by:
            if audience not in processing.AUDIENCES:
                errors.append(checks.Error(
                    f"The record of processing of {label} names the audience {audience!r}.",
                    hint=f"One of {', '.join(processing.AUDIENCES)}.", obj=label, id="portal.E013",
                ))
        for text in (declaration.category, declaration.purpose, declaration.retention, declaration.erasure):
            if not str(text).strip():
                errors.append(checks.Error(f"The record of processing of {label} leaves a column empty.", obj=label, id="portal.E013"))
    for label in processing.IMPERSONAL:
        if audit._model(label) is None:
            errors.append(checks.Error(f"processing.impersonal names {label!r}, which is not a model.", obj=label, id="portal.E013"))
    for model in models:
        missing = processing.undeclared_fields(model)
        if model is get_user_model() and model._meta.label not in processing.DECLARED:
            missing = missing or ["(the user accounts)"]
        if missing:
            errors.append(checks.Error(
                f"The model {model._meta.label} holds fields that look like personal data "
                f"({', '.join(missing)}) and the record of processing does not declare them.",
                hint=(
                    f"In {model._meta.app_config.name}/privacy.py: processing.declare({model._meta.label!r}, "
                    "category=…, fields=[…], purpose=…, seen_by=[…], retention=…, erasure=…), or "
                    f"processing.impersonal({model._meta.label!r}, field=reason) for a field that is not personal."
                ),
                obj=model,
                id="portal.E012",
            ))
    return errors
