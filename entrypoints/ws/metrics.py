"""The gateway's counters, rendered in Prometheus' text format at ``/metrics``."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass(slots=True)
class Metrics:
    active_clients: int = 0
    detached_sessions: int = 0
    topics: int = 0
    bus_frames: int = 0
    frames_sent: int = 0
    frames_withheld: int = 0
    viewer_lookups_failed: int = 0
    inbox_overflows: int = 0
    closes: Counter[int] = field(default_factory=Counter)
    resumes: Counter[str] = field(default_factory=Counter)

    def render(self) -> str:
        lines: list[str] = []

        def metric(name: str, kind: str, help_text: str, samples: dict[str, int]) -> None:
            lines.extend((f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"))
            lines.extend(f"{name}{labels} {value}" for labels, value in samples.items())

        metric(
            "gochat_ws_active_clients", "gauge", "Open gateway sockets.", {"": self.active_clients}
        )
        metric(
            "parley_ws_detached_sessions",
            "gauge",
            "Sessions waiting for a resume.",
            {"": self.detached_sessions},
        )
        metric("parley_ws_topics", "gauge", "Bus subscriptions held.", {"": self.topics})
        metric(
            "parley_ws_bus_frames_total", "counter", "Frames from the bus.", {"": self.bus_frames}
        )
        metric(
            "parley_ws_frames_sent_total",
            "counter",
            "Frames queued to sockets.",
            {"": self.frames_sent},
        )
        metric(
            "parley_ws_frames_withheld_total",
            "counter",
            "Frames not sent to a subscriber who may not see the channel.",
            {"": self.frames_withheld},
        )
        metric(
            "parley_ws_viewer_lookups_failed_total",
            "counter",
            "Visibility lookups that failed (the frame was withheld).",
            {"": self.viewer_lookups_failed},
        )
        metric(
            "parley_ws_inbox_overflows_total",
            "counter",
            "Bus frames lost because fan-out fell behind.",
            {"": self.inbox_overflows},
        )
        closes = {f'{{code="{code}"}}': n for code, n in sorted(self.closes.items())}
        metric("parley_ws_closes_total", "counter", "Sockets closed by the server.", closes)
        resumes = {f'{{result="{result}"}}': n for result, n in sorted(self.resumes.items())}
        metric("parley_ws_resumes_total", "counter", "Resume attempts.", resumes)
        return "\n".join(lines) + "\n"
