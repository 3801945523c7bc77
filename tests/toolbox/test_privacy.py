"""Crisis plans, medications and everything else a person writes are encrypted at rest:
neither the database file's raw bytes (SQLite) nor any table's contents (both databases)
hold the planted texts in plain form, while the owner reads them back intact."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, text

from reconnect.toolbox.v1 import toolbox_pb2 as tpb
from services.kit.db import sqlite_path
from services.toolbox.store import Base
from tests.toolbox.conftest import fill

PLANTED = [
    "Jeg tenker på å ta overdose når jeg er alene",
    "Quetiapin 300 mg hver kveld",
    "Ring søster Ingrid Bakken 93 11 22 33",
    "Lamotrigin gir meg utslett",
]


def _every_cell(toolbox) -> list[str]:
    engine = toolbox.service.db.engine
    cells: list[str] = []
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            for table in Base.metadata.sorted_tables:
                cells += conn.execute(text(f"SELECT CAST(row_to_json(t) AS text) FROM {table.name} AS t")).scalars().all()
        else:
            for table in Base.metadata.sorted_tables:
                for row in conn.execute(select(table)):
                    for value in row:
                        if isinstance(value, bytes):
                            cells.append(value.decode("utf-8", errors="replace"))
                        else:
                            cells.append(str(value))
    return cells


def test_planted_texts_are_never_stored_in_plain_form(toolbox, exercise):
    user = toolbox.person()
    s, md = toolbox.stub, user.metadata
    filled = fill(toolbox, user, exercise)
    s.SaveCrisisPlan(tpb.SaveCrisisPlanRequest(plan=tpb.CrisisPlan(
        warning_signs=[PLANTED[0]], ask_for_help=[tpb.PlanContact(name=PLANTED[2], phone="93 11 22 33")],
        reasons_for_living=["Katten"])), metadata=md)
    s.AddMedication(tpb.AddMedicationRequest(medication=tpb.MedicationInput(name=PLANTED[1], notes=PLANTED[3])), metadata=md)
    # The owner reads them back.
    plan = s.GetCrisisPlan(tpb.GetCrisisPlanRequest(), metadata=md).plan
    assert list(plan.warning_signs) == [PLANTED[0]] and plan.ask_for_help[0].name == PLANTED[2]
    meds = {m.name: m.notes for m in s.ListMedications(tpb.ListMedicationsRequest(), metadata=md).medications}
    assert meds[PLANTED[1]] == PLANTED[3]

    secrets = PLANTED + filled.planted
    cells = "\n".join(_every_cell(toolbox))
    assert len(cells) > 1000, "the tables were read"
    for secret in secrets:
        assert secret not in cells, secret

    path = sqlite_path(toolbox.settings.database_url)
    if path:  # SQLite: the file itself, with its write-ahead log, byte for byte
        raw = b"".join(Path(p).read_bytes() for p in (path, path + "-wal") if Path(p).exists())
        assert len(raw) > 10_000
        for secret in secrets:
            for encoded in {secret.encode("utf-8"), secret.encode("latin-1", errors="ignore")}:
                assert encoded not in raw, secret
