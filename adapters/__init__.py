"""Platform adapters: convert in, call the core, render out.

What the Slack and Discord adapters share (rendering stays per platform):
:mod:`adapters.common.alert_polling` (the 30 s alert timer), :mod:`adapters.common.chart_renderer` (finding
the PNG renderer), :mod:`adapters.common.round_form` (the add-round forms' choices, from the core),
:mod:`adapters.common.text` (clipping text to a limit).
"""
