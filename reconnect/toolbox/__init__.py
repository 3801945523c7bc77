"""Generated from protos/ by reconnect_stack.protos; do not edit."""
