"""Which web hosts hold code, and which hold documentation, answers or blog posts.

The lists are facts about well-known sites (compiled by the reportgen developers, MIT);
``reportgen.knowledge.repos.is_docs_host`` is asked first when it is available.
"""

from __future__ import annotations

CODE_HOSTS = {
    "github.com", "raw.githubusercontent.com", "gist.github.com", "gitlab.com", "bitbucket.org", "codeberg.org",
    "sourcegraph.com", "git.savannah.gnu.org", "android.googlesource.com", "chromium.googlesource.com",
    "go.googlesource.com", "cs.opensource.google", "hg.python.org", "svn.python.org", "git.kernel.org", "sr.ht",
    "git.sr.ht", "hg.mozilla.org", "searchfox.org", "cgit.freedesktop.org", "gitee.com",
}
DOCS_HOSTS = {
    "docs.python.org", "flask.palletsprojects.com", "werkzeug.palletsprojects.com", "jinja.palletsprojects.com",
    "click.palletsprojects.com", "palletsprojects.com", "docs.djangoproject.com", "djangoproject.com",
    "fastapi.tiangolo.com", "www.starlette.io", "starlette.io", "www.uvicorn.org", "uvicorn.org",
    "websockets.readthedocs.io", "flask-socketio.readthedocs.io", "python-socketio.readthedocs.io",
    "developer.mozilla.org", "nodejs.org", "expressjs.com", "socket.io", "pymongo.readthedocs.io",
    "www.mongodb.com", "mongodb.com", "docs.docker.com", "nginx.org", "pypi.org", "www.npmjs.com", "npmjs.com",
    "reactjs.org", "react.dev", "docs.rs", "www.w3schools.com", "w3schools.com", "api.jquery.com",
    "requests.readthedocs.io", "docs.sqlalchemy.org", "www.rfc-editor.org", "datatracker.ietf.org",
    "tools.ietf.org", "httpwg.org", "www.w3.org", "html.spec.whatwg.org", "peps.python.org", "www.python.org",
}
DOCS_SUFFIXES = (".readthedocs.io", ".readthedocs.org", ".github.io", ".palletsprojects.com", ".gitbook.io",
                 ".netlify.app", ".vercel.app", ".pages.dev")
QA_HOSTS = {"stackoverflow.com", "www.stackoverflow.com", "superuser.com", "serverfault.com",
            "softwareengineering.stackexchange.com", "www.quora.com", "quora.com", "www.reddit.com", "reddit.com"}
BLOG_HOSTS = {"medium.com", "www.geeksforgeeks.org", "geeksforgeeks.org", "realpython.com", "www.tutorialspoint.com",
              "tutorialspoint.com", "dev.to", "www.digitalocean.com", "www.freecodecamp.org", "towardsdatascience.com",
              "www.programiz.com", "www.javatpoint.com", "www.educative.io", "hackernoon.com", "www.youtube.com",
              "youtube.com", "youtu.be", "en.wikipedia.org", "wikipedia.org", "docs.google.com", "drive.google.com"}


def category(host: str) -> str:
    """'code', 'docs', 'q&a', 'blog' or 'other' for a host name."""
    host = (host or "").lower()
    if host in CODE_HOSTS:
        return "code"
    try:
        from reportgen.knowledge.repos import is_docs_host  # type: ignore[attr-defined]

        if is_docs_host("https://" + host + "/"):
            return "docs"
    except Exception:  # noqa: BLE001 - knowledge.repos not there yet
        pass
    if host in DOCS_HOSTS or host.endswith(DOCS_SUFFIXES) or host.startswith("docs."):
        return "docs"
    if host in QA_HOSTS or host.endswith(".stackexchange.com"):
        return "q&a"
    if host in BLOG_HOSTS or host.endswith((".medium.com", ".substack.com", ".blogspot.com", ".wordpress.com")):
        return "blog"
    return "other"
