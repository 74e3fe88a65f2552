"""Which installed distribution a notes file is about (shared by repo and license rules)."""
from reportgen.lint import links as L
from reportgen.lint import source as S


def distribution(ctx):
    """The installed distribution the notes describe, or None."""
    python = ctx.python
    name = ctx.package_name()
    if name:
        return S.find_distribution(name, python)
    slug = L.repo_slug((L.find_urls(ctx.notes.general.code_repository or "") or [None])[0])
    if slug:
        d = S.distribution_for_repo(slug, python)
        if d is not None:
            return d
    tech = (ctx.notes.technology or "").strip()
    if tech:
        for cand in (tech, tech.replace(" ", "-"), tech.replace(" ", "")):
            d = S.find_distribution(cand, python)
            if d is not None:
                return d
    return None


def canonical_repos(ctx, dist):
    """Repository slugs known to be the package's own (knowledge first, then package metadata)."""
    memo = getattr(dist, "memo", None)
    if memo is None:
        return _canonical_repos(ctx, dist)
    key = ("canonical_repos", ctx.python)
    if key not in memo:
        memo[key] = frozenset(_canonical_repos(ctx, dist))
    return set(memo[key])


def _canonical_repos(ctx, dist):
    slugs = set()
    try:
        from reportgen.knowledge import repos  # type: ignore[attr-defined]

        url = repos.canonical(dist.name, "pypi", ctx.python)
        if url:
            slug = L.repo_slug(url if isinstance(url, str) else getattr(url, "url", None))
            if slug:
                slugs.add(slug)
    except Exception:  # noqa: BLE001 - knowledge.repos not there yet
        pass
    if not slugs and dist is not None:
        slugs |= dist.repo_slugs()
        for slug, entry in S.tag_table().items():
            if entry.get("package", "").lower() == dist.name.lower().replace("_", "-"):
                slugs.add(slug)
    return slugs


def package_ecosystem(ctx) -> str:
    """The ecosystem of the notes' package: the purl type of ``pkg:npm/...``, else 'pypi'."""
    spec = (getattr(ctx.notes, "package", None) or "").strip()
    if spec.startswith("pkg:") and "/" in spec:
        return spec[4:].split("/", 1)[0].lower()
    return "pypi"


def package_repos(ctx) -> set[str]:
    """Repository slugs reportgen knows for the notes' package in its own ecosystem (npm too), whether
    or not it is installed; empty when the package is unknown."""
    name = ctx.package_name()
    if not name:
        return set()
    try:
        from reportgen.knowledge import repos

        slug = L.repo_slug(repos.canonical(name, package_ecosystem(ctx), ctx.python))
    except Exception:  # noqa: BLE001 - no knowledge: nothing known
        return set()
    return {slug} if slug else set()
