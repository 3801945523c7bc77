from services.kit.db import run_alembic_env
from services.toolbox.store import Base

run_alembic_env(Base.metadata)
