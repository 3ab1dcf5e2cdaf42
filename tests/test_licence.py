"""The licences and the citation: an instructor can adapt the series and cite it.

LICENSE (code, MIT, as pyproject says), LICENSE-CONTENT (prose and figures, CC BY 4.0, with
its full text) and CITATION.cff (Citation File Format 1.2.0). cffconvert validates the CFF
file against the official schema (`cffconvert --validate -i CITATION.cff`, in a venv of its
own: its pins clash with Jupyter's jsonschema); here its keys are checked against the
format's list, so a typo or a stale version fails a test.
"""

import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

# Citation File Format 1.2.0: every top-level key it defines, and those it requires.
CFF_KEYS = {
    "abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi",
    "identifiers", "keywords", "license", "license-url", "message", "preferred-citation",
    "references", "repository", "repository-artifact", "repository-code", "title", "type",
    "url", "version",
}  # fmt: skip
CFF_REQUIRED = {"authors", "cff-version", "message", "title"}
PERSON_KEYS = {"given-names", "family-names", "name-particle", "name-suffix", "affiliation"}
ENTITY_KEYS = {"name"}
REFERENCE_REQUIRED = {"type", "title", "authors"}
SEED_TITLE = "Understanding Manual Gradient Backpropagation in Machine Learning"


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text())


def test_code_licence_is_mit_as_pyproject_says():
    text = (ROOT / "LICENSE").read_text()
    assert pyproject()["license"] == "MIT"
    assert text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in text
    assert "LICENSE-CONTENT" in text  # points at the other licence


def test_prose_and_figures_are_cc_by_4_with_the_full_text():
    text = (ROOT / "LICENSE-CONTENT").read_text()
    head = text[: text.index("Creative Commons Attribution 4.0 International\n")]
    assert "prose" in head and "figures" in head and "MIT licence in LICENSE" in head
    assert "https://creativecommons.org/licenses/by/4.0/" in head
    assert SEED_TITLE in " ".join(head.split())  # the seed blog post is credited
    # the legal code itself, from its first section to its last
    for part in ("Section 1 – Definitions", "Section 3 – License Conditions", "Section 8"):
        assert part in text, part


def test_citation_file_has_valid_cff_keys():
    cff = citation()
    assert cff["cff-version"] == "1.2.0"
    assert CFF_REQUIRED <= set(cff), CFF_REQUIRED - set(cff)
    assert set(cff) <= CFF_KEYS, set(cff) - CFF_KEYS
    assert cff["type"] in ("software", "dataset")
    for author in cff["authors"]:
        assert set(author) <= PERSON_KEYS | ENTITY_KEYS | {"email", "orcid", "website"}
        assert "name" in author or "family-names" in author, author
    for reference in cff.get("references", []):
        assert REFERENCE_REQUIRED <= set(reference), reference


def test_citation_agrees_with_pyproject_and_credits_the_seed():
    cff, project = citation(), pyproject()
    assert cff["version"] == project["version"]
    assert cff["license"] == project["license"]
    assert any(ref["title"] == SEED_TITLE for ref in cff["references"])


def test_readme_credits_the_seed_and_names_both_licences():
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert SEED_TITLE in readme
    assert "LICENSE-CONTENT" in readme and "CC BY 4.0" in readme and "MIT" in readme
    assert "CITATION.cff" in readme
