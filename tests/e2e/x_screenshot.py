#!/usr/bin/env python3
"""Saves the whole X screen as a PNG: the app window as the display shows it.

Usage: x_screenshot.py OUT.png
"""

import sys

import gi

gi.require_version("Gdk", "3.0")
from gi.repository import Gdk  # noqa: E402

root = Gdk.get_default_root_window()
shot = Gdk.pixbuf_get_from_window(root, 0, 0, root.get_width(), root.get_height())
shot.savev(sys.argv[1], "png", [], [])
