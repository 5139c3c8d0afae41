"""System checks of the floor's registries (figures, import files, audited models).

Registered from PortalConfig.ready(), they run with every `manage.py check`, `migrate` and
`runserver`, after every app's ready() has registered its entries (as django/contrib/auth/checks.py
checks AUTH_USER_MODEL). A registry entry that does not resolve is an error, never a silent None.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import checks

from portal import audit, erasure, figures, importing
from portal.registry import describe, resolve


def _resolved(target):
    try:
        return resolve(target), None
    except ImportError as exc:
        return None, exc


@checks.register()
def check_figures(app_configs=None, **kwargs):
    errors = []
    for key, figure in figures.FIGURES.items():
        function, problem = _resolved(figure.selector)
        if problem is None and not callable(function):
            problem = "not callable"
        if problem is not None:
            errors.append(
                checks.Error(
                    f"The figure {key!r} names the selector {describe(figure.selector)!r}, which does not resolve: {problem}",
                    hint="Register the figure with an existing function of the owning app's selectors.py.",
                    obj=key,
                    id="portal.E001",
                )
            )
    return errors


@checks.register()
def check_import_files(app_configs=None, **kwargs):
    from import_export.resources import Resource

    errors = []
    for stem, target in importing.IMPORT_FILES.items():
        cls, problem = _resolved(target)
        if problem is None and not (isinstance(cls, type) and issubclass(cls, Resource)):
            problem = "not a django-import-export Resource"
        if problem is None and not getattr(cls, "portal_columns", None):
            problem = "the Resource lists no portal_columns"
        if problem is None:
            problem = _norwegian_names_problem(cls)
        if problem is not None:
            errors.append(
                checks.Error(
                    f"The import file {stem!r} names {describe(target)!r}, which does not resolve: {problem}",
                    obj=stem,
                    id="portal.E002",
                )
            )
    return errors


def _norwegian_names_problem(cls):
    """A resource's Norwegian headers name every column once, and no header is read two ways."""
    names = getattr(cls, "portal_norwegian_headers", {})
    if not names:
        return None
    columns = [field.column_name for field in cls().get_export_fields()]
    if set(names) != set(columns):
        return f"portal_norwegian_headers does not name exactly its columns {columns}"
    folded = [importing._folded(name) for name in [*columns, *names.values()]]
    clashes = {name for name in folded if folded.count(name) > 1} - {
        importing._folded(column) for column in columns if importing._folded(names[column]) == importing._folded(column)
    }
    if clashes:
        return f"the header(s) {sorted(clashes)} would name two columns"
    return None


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
    for label, shredders in erasure.SHREDDERS.items():
        if label not in erasure.SUBJECTS and label not in erasure.PERSONS_IN_RECORDS:
            error(f"A shredder is registered for {label!r}, which is not an erasure subject.", label)
        for shredder in shredders:
            function, problem = _resolved(shredder)
            if problem is None and not callable(function):
                problem = "not callable"
            if problem is not None:
                error(f"The erasure shredder {describe(shredder)!r} for {label} does not resolve: {problem}", label)
    return errors


@checks.register()
def check_processing_record(app_configs=None, **kwargs):
    """Every model that holds personal data is in the record of processing (portal.processing):
    the project's models and every installed library's (accounts, sign-in log, audit trail)."""
    return processing_record_errors(apps.get_models())


def processing_record_errors(models):
    from django.contrib.auth import get_user_model

    from portal import processing, roles

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
        if roles.COUNCIL_STAFF in declaration.seen_by and label.lower() in roles.COUNCIL_STAFF_NEVER_READS:
            errors.append(checks.Error(
                f"The record of processing says council staff see {label}, which roles.COUNCIL_STAFF_NEVER_READS forbids.",
                obj=label, id="portal.E013",
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
                    f"In {model._meta.app_config.name}/apps.py ready(): processing.declare({model._meta.label!r}, "
                    "category=…, fields=[…], purpose=…, seen_by=[…], retention=…, erasure=…), or "
                    f"processing.impersonal({model._meta.label!r}, field=reason) for a field that is not personal."
                ),
                obj=model,
                id="portal.E012",
            ))
    return errors
