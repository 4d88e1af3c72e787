"""The lists of texts drafted without a native speaker are read by people and by `make
translations-review`: each language may appear once (a YAML mapping with a key twice keeps only the
last, and the groups before it silently drop off the list)."""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.once(reason="reads the review lists")


class _NoDuplicates(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        twice = {key for key in keys if keys.count(key) > 1}
        if twice:
            raise yaml.constructor.ConstructorError(
                None, None, f"listed twice: {sorted(twice)}", node.start_mark
            )
        return super().construct_mapping(node, deep=deep)


@pytest.mark.parametrize(
    "path",
    [ROOT / "translations/server/_review.yaml", ROOT / "translations/ui/_review.yaml"],
    ids=lambda p: p.parent.name,
)
def test_each_language_is_listed_once(path: Path) -> None:
    lists = yaml.load(path.read_text(encoding="utf-8"), Loader=_NoDuplicates)
    assert lists, path
