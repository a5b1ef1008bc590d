#!/usr/bin/env python3
"""A small GTK window that offers files as text/uri-list when dragged, as a file manager
does; the drag-and-drop end-to-end test drags from it onto the app with xdotool.

Usage: drag_source.py TITLE X Y FILE...  (the window opens at X, Y on the display)
"""

import sys
from pathlib import Path

import gi

gi.require_version("Gdk", "3.0")
gi.require_version("Gtk", "3.0")
from gi.repository import Gdk, Gtk  # noqa: E402


def main() -> None:
    title, x, y, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    uris = [Path(f).absolute().as_uri() for f in files]

    window = Gtk.Window(title=title)
    window.set_default_size(160, 90)
    window.move(x, y)
    source = Gtk.EventBox()
    source.add(Gtk.Label(label=f"{len(uris)} file(s)"))
    source.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
    source.drag_source_add_uri_targets()
    source.connect("drag-data-get", lambda _w, _ctx, data, _info, _time: data.set_uris(uris))
    window.add(source)
    window.connect("destroy", Gtk.main_quit)
    window.show_all()
    Gtk.main()


if __name__ == "__main__":
    main()
