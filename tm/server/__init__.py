"""``tm serve``: the memory and the glossary over HTTP for a team.

- tm.server.app: settings, the Starlette application, auth and limits, JSON errors, import jobs;
- tm.server.routes: the JSON API (``/api/...``), amaGama's ``/tmserver/...``, the web page, and
  the OpenAPI schema (``/api/openapi.json``);
- tm.server.auth: tokens with roles (read, write, admin), stored hashed, and the rate limit;
- tm.server.memory: every access to the memory, in one place;
- tm.server.client: ``RemoteMemory``, what ``--server URL`` on the CLI talks through;
- tm.server/static/index.html: the page (plain HTML, CSS and JavaScript; nothing fetched).
"""
