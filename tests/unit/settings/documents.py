"""The settings documents the settings tests compare against."""

from typing import Any

ZERO_NOTIFICATIONS = {"muted": False, "notifications": 0}
ZERO_DOCUMENT: dict[str, Any] = {
    "language": "",
    "appearance": {"color_scheme": "", "chat_spacing": 0.0, "chat_font_scale": 0.0},
    "guild_folders": [],
    "guilds": [],
    "channels": [],
    "users": [],
    "favorite_gifs": [],
    "forced_presence": "",
    "status": {"status": ""},
    "dm_channels": [],
    "devices": {
        "audio_input_device": "",
        "audio_output_device": "",
        "video_device": "",
        "noise_suppression": False,
        "denoiser_type": "",
        "echo_cancellation": False,
        "audio_input_level": 0.0,
        "audio_output_level": 0.0,
        "audio_input_threshold": 0.0,
        "auto_gain_control": False,
    },
    "ui_sounds": {},
}
