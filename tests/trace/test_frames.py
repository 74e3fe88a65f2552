"""Frame permalinks: the installed version's tag, or the commit a VCS install was built from."""

from __future__ import annotations

import json

from reportgen.lint import source
from reportgen.trace.frames import FrameMapper, link_for


def test_link_at_the_tag_and_at_a_vcs_commit(tmp_path):
    dist = source.find_distribution("wsproto")
    path = dist.root / "wsproto" / "handshake.py"
    assert link_for(path, dist.dist_info, 270, 310) == \
        f"https://github.com/python-hyper/wsproto/blob/{dist.version}/src/wsproto/handshake.py#L270-L310"
    commit = "0123456789abcdef0123456789abcdef01234567"
    info = tmp_path / "wsproto.dist-info"
    info.mkdir()
    (info / "direct_url.json").write_text(json.dumps({"url": "https://github.com/python-hyper/wsproto",
                                                      "vcs_info": {"vcs": "git", "commit_id": commit}}), "utf-8")
    assert link_for(path, info, 270, 310) == f"https://github.com/python-hyper/wsproto/blob/{commit}/src/wsproto/handshake.py#L270-L310"


def test_plumbing_and_unknown_files_are_dropped(tmp_path):
    mapper = FrameMapper(tmp_path)
    import threading
    import runpy

    assert mapper.place(threading.__file__) is None and mapper.place(runpy.__file__) is None
    assert mapper.place("<frozen importlib._bootstrap>") is None
    assert mapper.place("/nowhere/else.py") is None
    (tmp_path / "app.py").write_text("def view():\n    return 1\n", "utf-8")
    assert mapper.place(str(tmp_path / "app.py"))[:2] == ("app", "app.py")
    frame = mapper.frame([str(tmp_path / "app.py"), "view", 2, 1])
    assert (frame.root, frame.function, frame.line, frame.first, frame.last, frame.link) == ("app", "view", 2, 1, 2, None)
