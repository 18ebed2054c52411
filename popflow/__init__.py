"""The popflow command line: composes intake, workflow and notifier into processes."""
