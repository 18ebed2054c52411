"""The workflow: the POP state machine, its time rules and the actors that apply them."""
