"""The one shared library of ReConnect's services.

A service's ``__main__`` wires itself up through the kit: configuration, logging,
database and migrations, the transactional outbox and consumers on NATS JetStream,
the gRPC server with health, metrics and the auth interceptor, and field encryption.
Nothing here knows any particular service.
"""
