"""RG111 chain-not-traced."""
from pathlib import Path

from reportgen.lint.base import Rule, parse_package
from reportgen.lint.registry import register
from reportgen.model import normalize_name


def _name(info) -> str:
    symbol = getattr(info.step, "symbol", None)
    return f"'{symbol}'" if symbol else (info.link.path or info.link.url).rsplit("/", 1)[-1]


@register
class ChainNotTraced(Rule):
    """Find chain steps the recorded trace never passed through, or put in an order it contradicts.

    ## What it does
    Runs only when the trace `reportgen trace` recorded is saved beside the notes
    (`reports/x.yaml` -> `reports/x.trace.yaml`). A step is the traced frame whose file
    its link names, in the frame's repository, with lines that overlap the function's
    (at another tag or commit than the traced version: with the same `symbol`, as lines
    move between versions). Reported: a step in a traced repository that no traced frame
    is (the fix: the traced step at that place), and two steps in the order opposite to the
    stack that holds both (the fix: the traced order). Steps the trace cannot see (links to
    non-Python code, repositories no traced frame belongs to, another version without a
    `symbol`) get an info note, not an error.

    ## Why is this bad
    The trace is what really ran for the topic's requests. A step it never passed through
    describes code the request does not take (another overload, a fallback, a guess from
    the file names), and a reversed pair tells the reader the callee calls the caller.

    ## Example (bad)
    ```yaml
    chain:
      - link: https://github.com/python-hyper/wsproto/blob/1.3.2/src/wsproto/utilities.py#L84-L87
        symbol: generate_nonce
    ```

    ## Use instead (good)
    ```yaml
    chain:
      - link: https://github.com/python-hyper/wsproto/blob/1.3.2/src/wsproto/utilities.py#L90-L93
        symbol: generate_accept_token
    ```
    """

    code = "RG111"
    name = "chain-not-traced"
    severity = "warning"

    def check(self, ctx):
        from reportgen.errors import InputError
        from reportgen.trace import model
        from reportgen.trace.chain import frame_key, frame_link, placeholder_link, select_frames, symbol_of
        from reportgen.trace.match import TraceIndex

        try:
            trace = model.load_beside(ctx.path)
        except InputError as exc:
            yield ctx.finding(self, "", f"cannot use the recorded trace: {exc}", severity="error", position=(1, 1))
            return
        if trace is None:
            return
        path = model.trace_path(ctx.path)
        shown = path.name if Path(ctx.path).parent == path.parent else str(path)
        name = ctx.package_name()
        traced_name = parse_package(trace.package)[0] if trace.package else None
        if name and traced_name and normalize_name(name) != normalize_name(traced_name):
            yield ctx.finding(self, "package", f"{shown} was recorded for {traced_name}, the notes are about {name}: "
                              "record the trace again", position=ctx.position("package"))
            return
        index = TraceIndex(trace, ctx.python)
        chain = select_frames(trace, ctx.notes.package or trace.package, ctx.python)
        order = {frame_key(f): i for i, f in enumerate(chain)}
        by_section: dict[int, list] = {}
        for info in ctx.steps():
            by_section.setdefault(info.section, []).append((info, index.verdict(info.link, info.step.symbol)))
        judged = [s for s, items in by_section.items() if any(v.confirmed for _, v in items)]
        if len(by_section) == 1:
            judged = list(by_section)
        for section in judged:
            items = by_section[section]
            matched = {v.frame.key for _, v in items if v.confirmed}
            for k, (info, verdict) in enumerate(items):
                field = info.path + ".link"
                if verdict.unsure:
                    yield ctx.finding(self, field, f"step {info.index + 1} ({_name(info)}): {verdict.unsure}",
                                      severity="info")
                elif not verdict.checked and verdict.why and (info.link.path or "").endswith(".py"):
                    yield ctx.finding(self, field, f"step {info.index + 1} ({_name(info)}) is not checked against "
                                      f"{shown}: {verdict.why}", severity="info")
                elif verdict.checked and not verdict.confirmed:
                    fix = self._traced_step_at(items, k, chain, order, matched)
                    note = f" ({verdict.note})" if verdict.note else ""
                    yield ctx.finding(
                        self, field,
                        f"step {info.index + 1} ({_name(info)}) is never passed through in {shown}{note}",
                        fix=(f"{frame_link(fix, ctx.python) or placeholder_link(fix)} (symbol: {symbol_of(fix)})"
                             if fix is not None else None),
                    )
            confirmed = [(info, v) for info, v in items if v.confirmed]
            for (a, va), (b, vb) in zip(confirmed, confirmed[1:]):
                pa, pb = index.positions(va.frame), index.positions(vb.frame)
                both = [p for p in pa if p in pb]
                if both and all(pa[p] > pb[p] for p in both):
                    point = trace.points[both[0]].name
                    yield ctx.finding(
                        self, b.path + ".link",
                        f"steps {a.index + 1} and {b.index + 1} are in an order {shown} contradicts: "
                        f"{symbol_of(vb.frame.frame)} calls down to {symbol_of(va.frame.frame)} (work point {point})",
                        fix=f"step {a.index + 1} after step {b.index + 1}: {b.step.link}, then {a.step.link}",
                    )

    @staticmethod
    def _traced_step_at(items, k, chain, order, matched):
        """The traced frame at step k's place: the first one after the confirmed step before it
        (and before the confirmed step after it) that no step is yet."""
        from reportgen.trace.chain import frame_key

        before = [order[v.frame.key] for _, v in items[:k] if v.confirmed and v.frame.key in order]
        after = [order[v.frame.key] for _, v in items[k + 1:] if v.confirmed and v.frame.key in order]
        low = before[-1] + 1 if before else 0
        high = after[0] if after and after[0] > low else len(chain)

        for frame in chain[low:high]:
            if frame_key(frame) not in matched:
                return frame
        return chain[k] if k < len(chain) else None
