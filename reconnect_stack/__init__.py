"""The local stack: the ``reconnect`` command behind ``make run``, its demo seed, and
the proto generator. Development tooling only; no service imports it."""
