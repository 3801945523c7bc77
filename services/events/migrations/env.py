from services.events.store import Base
from services.kit.db import run_alembic_env

run_alembic_env(Base.metadata)
