"""tm serve over real HTTP: amaGama's JSON as Weblate and Virtaal ask for it, auth, uploads, limits."""

from __future__ import annotations

import json
import signal
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from typer.testing import CliRunner

from tests.server.conftest import GLOSSARY, Running, start, stop
from tests.session_helpers import make_document
from tm.cli.app import app
from tm.errors import TmError
from tm.formats import write
from tm.memory import open_memory
from tm.model import Unit, Variant
from tm.server.auth import Role, Tokens
from tm.session import open_session


def weblate_url(src: str, tgt: str, text: str) -> str:
    """What Weblate's tmserver machinery requests: codes lower case with _, every part quoted with safe=""."""
    parts = [src, tgt, "unit", text[:500].replace("\r", " ").encode()]
    return "/tmserver/" + "/".join(quote(part, b"") for part in parts)


def test_health_answers_without_a_token(served: Running) -> None:
    status, body = served.request("/api/health")
    assert status == 200
    assert body["status"] == "ok" and body["units"] >= 8 and body["schema"] >= 1


def test_amagama_lookup_as_weblate_sends_it(served: Running) -> None:
    status, body = served.request(
        weblate_url("en", "az", "Roads to the village / the town were repaired."), served.read_token
    )
    assert status == 200
    assert body == [{
        "source": "Roads to the village / the town were repaired.",
        "target": "Kəndə / qəsəbəyə gedən yollar təmir edildi.",
        "quality": 100.0,
        "rank": 100.0,
    }]  # fmt: skip


def test_amagama_takes_regional_codes_in_weblates_and_bcp47_spelling(server: Running) -> None:
    for tgt in ("pt_br", "pt-BR", "pt_BR"):
        status, body = server.request(weblate_url("en", tgt, "The ferry leaves at noon."), server.read_token)
        assert status == 200, tgt
        assert [m["target"] for m in body] == ["A balsa parte ao meio-dia."], tgt
    status, body = server.request(weblate_url("en_us", "az_AZ", "The ferry leaves at noon."), server.read_token)
    assert [m["target"] for m in body] == ["Bərə günortada yola düşür."]


def test_amagama_lookup_as_virtaal_sends_it_plus_is_a_space(server: Running) -> None:
    path = "/tmserver/en/az/unit/" + quote_plus("One plus one is 1+1.")
    status, body = server.request(path, server.read_token)
    assert status == 200
    assert body[0]["source"] == "One plus one is 1+1." and body[0]["quality"] == 100.0


def test_amagama_trailing_slash_and_limits(served: Running) -> None:
    base = weblate_url("en", "az", "The memorial in Khojaly was opened in 2011.")
    status, body = served.request(base + "/?min_similarity=50&max_candidates=1", served.read_token)
    assert status == 200 and len(body) == 1
    assert set(body[0]) == {"source", "target", "quality", "rank"}
    assert body[0]["quality"] < 100  # the number differs
    status, body = served.request(base + "?min_similarity=100", served.read_token)
    assert status == 200 and body == []


def test_amagama_languages_in_weblates_spelling(server: Running) -> None:
    status, body = server.request("/tmserver/languages/", server.read_token)
    assert status == 200
    assert {"en", "az", "ru", "pt_br"} <= set(body["sourceLanguages"]) and body["targetLanguages"]


def test_no_token_is_401_and_a_write_without_the_role_is_403(served: Running) -> None:
    unit = json.dumps({"source": {"lang": "en", "text": "A new sentence."}, "targets": {"az": "Yeni cümlə."}}).encode()
    assert served.request("/api/lookup?q=ferry")[0] == 401
    assert served.request(weblate_url("en", "az", "ferry"))[0] == 401
    assert served.request("/api/lookup?q=ferry", "tm_not-a-token")[0] == 401
    assert served.request("/api/lookup?q=ferry", served.read_token)[0] == 200
    status, body = served.request("/api/units", served.read_token, unit)
    assert status == 403 and "write" in body["error"]["message"]
    assert served.request("/api/import?filename=a.tmx", served.read_token, b"<tmx/>")[0] == 403
    assert served.request("/api/units", served.admin_token, unit)[0] == 200


def test_units_adds_then_updates_one_unit(server: Running) -> None:
    def send(target: str) -> dict:
        unit = {"source": {"lang": "en", "text": "The bridge was rebuilt in 2019."}, "targets": {"az": target}}
        status, body = server.request("/api/units", server.write_token, json.dumps(unit).encode())
        assert status == 200
        return body

    assert send("Körpü 2019-cu ildə yenidən tikildi.")["added"] == 1
    assert send("Körpü 2019-cu ildə bərpa edildi.")["updated"] == 1
    status, body = server.request("/api/lookup?q=" + quote("The bridge was rebuilt in 2019."), server.read_token)
    assert body["matches"][0]["target"] == "Körpü 2019-cu ildə bərpa edildi."


def test_upload_round_trip(served: Running, tmp_path: Path) -> None:
    unit = Unit(id="u1", source=Variant.of("en", "The lighthouse stands on the cape."),
                targets={"az": Variant.of("az", "Mayak burunda ucalır.")})  # fmt: skip
    write([unit], tmp_path / "upload.tmx", srclang="en")
    data = (tmp_path / "upload.tmx").read_bytes()
    status, job = served.request("/api/import?filename=upload.tmx", served.write_token, data)
    assert status == 200 and job["status"] == "done"
    assert job["summary"]["added"] == 1
    assert served.request(f"/api/import/{job['id']}", served.write_token)[1]["status"] == "done"
    status, body = served.request(
        "/api/lookup?to=az&q=" + quote("The lighthouse stands on the cape."), served.read_token
    )
    assert body["matches"][0]["score"] == 100 and body["matches"][0]["target"] == "Mayak burunda ucalır."
    status, job = served.request("/api/import?filename=upload.tmx", served.write_token, data)
    assert job["summary"]["added"] == 0  # the same file twice adds nothing


HOSTILE = {
    "laughs.tmx": b'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n'
    b'<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&b;</seg></tuv></tu></body></tmx>',
    "xxe.tmx": b'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    b'<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&x;</seg></tuv></tu></body></tmx>',
    "xxe.xlf": b'<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    b'<xliff version="1.2"><file source-language="en" target-language="az"><body><trans-unit id="1">'
    b"<source>&x;</source><target>x</target></trans-unit></body></file></xliff>",
}


def test_hostile_xml_uploads_are_refused(server: Running) -> None:
    before = _units(server)
    for name, data in HOSTILE.items():
        status, body = server.request(f"/api/import?filename={name}", server.write_token, data)
        assert status == 400, name
        assert body["error"]["message"].startswith(name + ":"), body
        assert "passwd" not in json.dumps(body) or "root:" not in json.dumps(body)
    assert _units(server) == before


def _units(server: Running) -> int:
    """The units in the server's memory now, counted in the memory itself: health's count may be
    up to 30 s old (it is counted again in the background)."""
    with open_memory(server.memory) as memory:
        return memory.stats().units


def test_concordance_finds_inflected_forms(served: Running) -> None:
    status, body = served.request("/api/concordance?q=Khojaly&from=en&to=az", served.read_token)
    assert status == 200
    marked = {hit["target"][start:end] for hit in body["hits"] for start, end in hit["target_spans"]}
    assert marked == {"Xocalıdakı", "Xocalının"}
    status, body = served.request("/api/concordance?from=en&to=ru&q=" + quote("Алиев"), served.read_token)
    marked = {hit["target"][start:end] for hit in body["hits"] for start, end in hit["target_spans"]}
    assert marked == {"Алиев", "Алиева"}
    status, page = served.request(
        "/api/concordance?from=en&to=ru&limit=1&offset=1&q=" + quote("Алиев"), served.read_token
    )
    assert page["total"] == 2 and [h["unit"] for h in page["hits"]] == [body["hits"][1]["unit"]]


def test_glossary_search_and_entry(server: Running) -> None:
    status, body = server.request("/api/glossary?q=" + quote("xocalı"), server.read_token)
    assert status == 200 and "khojaly" in [e["id"] for e in body["entries"]]
    status, entry = server.request("/api/glossary/khojaly", server.read_token)
    assert status == 200 and entry["terms"]["az"][0]["text"] == "Xocalı"
    assert server.request("/api/glossary/no-such-entry", server.read_token)[0] == 404


def test_bad_input_gets_a_4xx_json_error(server: Running) -> None:
    token = server.read_token
    cases = {
        "/api/lookup?q=" + "x" * 2001: 414,
        "/api/lookup?q=ferry&n=1000": 400,
        "/api/lookup?q=ferry&n=many": 400,
        "/api/lookup?q=ferry&to=%21%21": 400,
        "/api/lookup": 400,
        "/api/nothing": 404,
        "/tmserver/en/az/unit/%FF%FE": 400,
    }
    for path, expected in cases.items():
        status, body = server.request(path, token)
        assert status == expected, path
        assert body["error"]["status"] == expected and "Traceback" not in json.dumps(body)
    assert server.request("/api/units", server.write_token, b"{not json")[0] == 400
    assert server.request("/api/units", server.write_token, b"[1]")[0] == 400
    assert server.request("/api/units", server.write_token, b" " * (1024 * 1024 + 1))[0] == 413


def test_tokens_never_appear_in_the_log(server: Running) -> None:
    for token in (server.read_token, server.write_token, server.admin_token):
        server.request("/api/lookup?q=ferry", token)
    log = server.log.read_text()
    assert "/api/lookup?q=ferry" in log  # the request log is on
    for token in (server.read_token, server.write_token, server.admin_token):
        assert token not in log


def test_public_read_and_sigterm(tmp_path: Path) -> None:
    running = start(tmp_path, "--public-read")
    try:
        assert running.request("/api/lookup?q=ferry")[0] == 200
        unit = json.dumps({"source": {"lang": "en", "text": "A sentence."}, "targets": {"az": "Bir cümlə."}}).encode()
        assert running.request("/api/units", None, unit)[0] == 401
        assert running.request("/api/concordance?q=ferry")[0] == 200
        assert list(tmp_path.glob("tm-serve-*/concordance-en_az.pickle"))
    finally:
        code = stop(running)
    assert not list(tmp_path.glob("tm-serve-*"))  # its folder (jobs, saved indexes) goes with the server
    # uvicorn shuts down (requests in flight finish, then the lifespan ends), then re-raises the
    # signal it caught so that the exit status says SIGTERM.
    assert code in (0, -signal.SIGTERM)
    log = running.log.read_text()
    assert "Shutting down" in log and "Application shutdown complete" in log and "Finished server process" in log


def test_cli_with_server_prints_what_it_prints_on_the_local_memory(served: Running, tmp_path: Path) -> None:
    runner = CliRunner()
    remote = ["--server", served.url, "--token", served.read_token, "--format", "json"]
    local = ["--memory", served.memory, "--format", "json"]
    lookup = ["lookup", "The memorial in Khojaly was opened in 2011.", "--from", "en", "--to", "az"]
    concordance = ["concordance", "Алиев", "--from", "en", "--to", "ru", "--glossary", str(GLOSSARY)]
    for command in (lookup, concordance):
        there, here = runner.invoke(app, command + remote), runner.invoke(app, command + local)
        assert there.exit_code == 0 and here.exit_code == 0, there.output + here.output
        assert json.loads(there.stdout) == json.loads(here.stdout)
        assert json.loads(there.stdout)[next(iter(json.loads(there.stdout)))]  # not empty
    unit = Unit(id="v1", source=Variant.of("en", "The orchard was planted in spring."),
                targets={"az": Variant.of("az", "Bağ yazda salındı.")})  # fmt: skip
    write([unit], tmp_path / "orchard.tmx", srclang="en")
    done = runner.invoke(app, ["import", str(tmp_path / "orchard.tmx"), "--server", served.url, "--token",
                               served.write_token, "--format", "json"])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["files"][str(tmp_path / "orchard.tmx")]["added"] == 1
    refused = runner.invoke(app, lookup + ["--server", served.url, "--token", "tm_wrong"])
    assert refused.exit_code == 2 and "unknown token" in refused.stderr


def test_a_revoked_token_is_refused_at_once(served: Running) -> None:
    tokens = Tokens(served.tokens)
    token = tokens.add("short-lived", Role.READ)
    assert served.request("/api/lookup?q=ferry", token)[0] == 200
    tokens.revoke("short-lived")
    assert served.request("/api/lookup?q=ferry", token)[0] == 401


def test_translate_session_takes_its_memory_matches_from_the_server(server: Running, tmp_path: Path) -> None:
    unit = {"source": {"lang": "en", "text": "The Ombudsman called on international organisations to act."},
            "targets": {"az": "Ombudsman beynəlxalq təşkilatları fəaliyyətə çağırıb."}}  # fmt: skip
    assert server.request("/api/units", server.write_token, json.dumps(unit).encode())[0] == 200
    document = make_document(tmp_path)
    glossary = str(GLOSSARY)
    with open_session(document, "az", glossary=glossary, server=server.url, token=server.read_token) as remote:
        remote.jump(3)
        there = remote.view().matches.items
    with open_session(document, "az", glossary=glossary, memory=server.memory) as local:
        local.jump(3)
        here = local.view().matches.items
    (match,) = there
    assert match.origin == "memory" and 85 <= match.match.score < 100
    assert match.target == "Ombudsman beynəlxalq təşkilatları fəaliyyətə çağırıb."
    assert ("-", "organisations") in match.match.diff and ("+", "organizations") in match.match.diff
    assert [s.to_dict() for s in there] == [s.to_dict() for s in here]
    with open_session(document, "az", server=server.url, token="tm_wrong") as refused:
        with pytest.raises(TmError, match="unknown token"):
            refused.view()
    assert "--server" in CliRunner().invoke(app, ["translate", "--help"]).stdout
