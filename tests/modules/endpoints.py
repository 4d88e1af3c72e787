PUBLIC: set[str] = set()
_HR = {"hr", "admin"}
ENDPOINTS = {
    "module-list": {"get": "all"},
    "module-detail": {"get": "all"},
    "module-progress": {"post": "all"},
    "module-complete": {"post": "all"},
    "module-quiz-answer": {"post": "all"},
    "module-report-newcomers": {"get": _HR},
    "module-report-newcomer": {"get": _HR},
    "module-report-modules": {"get": _HR},
    "module-report-questions": {"get": _HR},
}


def _module(scope, caller):  # type: ignore[no-untyped-def]
    """Modules are content shipped with Welkom, the same for every team and organisation: only the
    "own" scope applies. The module is written for everyone, with one quiz question."""
    if scope.name != "own":
        return None
    from tests.modules.factories import ModuleFactory, ModuleTranslationFactory

    module = ModuleFactory(
        slug="matrix-module",
        quiz=[{"key": "pick-one", "kind": "single", "options": ["a", "b"], "correct": ["a"]}],
    )
    ModuleTranslationFactory(
        module=module,
        title="Matrix",
        body_html="<p>Text.</p>",
        quiz_text={"pick-one": {"question": "Which?", "options": {"a": "A", "b": "B"}, "explanation": "A."}},
        source_hash=module.content_hash,
    )
    return {"slug": module.slug}


def _quiz(scope, caller):  # type: ignore[no-untyped-def]
    kwargs = _module(scope, caller)
    return None if kwargs is None else {**kwargs, "key": "pick-one"}


OBJECTS = {
    "module-detail": _module,
    "module-progress": _module,
    "module-complete": _module,
    "module-quiz-answer": _quiz,
    "module-report-newcomer": lambda scope, caller: {"pk": scope.newcomer.pk},
}
# A newcomer's progress report: HR and admin see the whole organisation (the default).
OTHER_TEAM: dict[str, set[str]] = {}
