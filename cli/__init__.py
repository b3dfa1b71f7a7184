"""The command line: the composition root (argument parsing, the commands, starting the GUI).

It may import every room (counter_app, printing, sync, ui); nothing imports it. Run it as
``counter-app`` or ``python -m cli``.
"""
