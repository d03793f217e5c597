"""Each client sees only its services' cases; listing pages with a cursor and filters."""

from __future__ import annotations

from pathlib import Path

from tests.api.support import api_platform, assert_error, case_system, file_cases


def test_a_client_cannot_read_or_handle_another_services_cases(sqlite_url: str, tmp_path: Path) -> None:
    with api_platform(sqlite_url, tmp_path) as platform:
        feedback = file_cases(platform, "synpunkt")[0]
        fault = file_cases(platform, "felanmalan")[0]
        with case_system(platform, "gata") as gata, case_system(platform, "arende") as arende:
            assert [c["reference"] for c in gata.get("/api/v1/cases").json()["cases"]] == [fault]
            assert [c["reference"] for c in arende.get("/api/v1/cases").json()["cases"]] == [feedback]
            assert gata.get(f"/api/v1/cases/{fault}").status_code == 200
            # Exactly as for a case that does not exist.
            for path in (f"/api/v1/cases/{feedback}", f"/api/v1/cases/{feedback}/timeline", "/api/v1/cases/BLK-1999-000001"):
                assert_error(gata.get(path), 404, "not_found")
            assert_error(gata.post(f"/api/v1/cases/{feedback}/messages", json={"text": "Hej"}), 404, "not_found")
            assert_error(arende.post(f"/api/v1/cases/{fault}/status", json={"status": "closed"}), 404, "not_found")
            assert arende.get(f"/api/v1/cases/{feedback}").json()["case"]["status"] == "received"


def test_listing_pages_with_a_cursor_and_filters(sqlite_url: str, tmp_path: Path) -> None:
    with api_platform(sqlite_url, tmp_path) as platform:
        references = file_cases(platform, "synpunkt", 3)
        with case_system(platform, "arende") as api:
            first = api.get("/api/v1/cases", params={"limit": 2}).json()
            assert [c["reference"] for c in first["cases"]] == references[:2]
            second = api.get("/api/v1/cases", params={"limit": 2, "cursor": first["nextCursor"]}).json()
            assert [c["reference"] for c in second["cases"]] == references[2:] and second["nextCursor"] is None

            # Polling on from the last change seen: a changed case comes again, nothing is missed.
            last_seen = second["cases"][-1]["updatedAt"]
            api.post(f"/api/v1/cases/{references[0]}/registration", json={"registrationNumber": "KS 1"})
            polled = api.get("/api/v1/cases", params={"changed_since": last_seen}).json()["cases"]
            assert [c["reference"] for c in polled] == [references[2], references[0]]  # at or after, oldest change first
            changed = api.get("/api/v1/cases", params={"status": "registered,waiting"}).json()["cases"]
            assert [(c["reference"], c["registrationNumber"]) for c in changed] == [(references[0], "KS 1")]

            for params, pointer in [
                ({"changed_since": "yesterday"}, "/changed_since"),
                ({"changed_since": "2026-11-01T08:00:00"}, "/changed_since"),  # no zone
                ({"status": "archived"}, "/status"),
                ({"limit": "0"}, "/limit"),
                ({"cursor": "bm9wZQ"}, "/cursor"),
            ]:
                body = assert_error(api.get("/api/v1/cases", params=params), 422, "input_invalid")
                assert [e["pointer"] for e in body["errors"]] == [pointer], params
