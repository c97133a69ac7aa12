"""A client for a Weft server's JSON-RPC API (``weft server``), standard library only.

    from weft.client import Client

    weft = Client("http://127.0.0.1:8080")            # token: WEFT_TOKEN, or token=...
    run = weft.submit(manifest=open("hello.yaml").read(), params={"name": "Ada"})
    for event in weft.events(run=run["id"]):           # the run's changes, live (GET /events)
        print(event["kind"], event["node_id"], event["status"])
        if event["kind"] == "run" and event["status"] in ENDED:
            break
    done = weft.wait(run["id"])                        # the run once it has ended
    print(done["status"], [t["result"] for t in done["tasks"]])

Every method of the server is reachable with call("method.name", **params); the methods below
are Weft's own (see docs/api.md for their params and results). A JSON-RPC error raises RpcError
with its code, message and data; a server that cannot be reached raises ConnectionError naming it.
"""

import http.client
import itertools
import json
import os
import urllib.error
import urllib.parse
import urllib.request

__all__ = ["Client", "RpcError", "ENDED"]

ENDED = {"succeeded", "failed", "cancelled", "upstream-failed", "skipped", "cached",
         "succeeded-with-failures"}


class RpcError(Exception):
    """A JSON-RPC error from the server: code (e.g. -32004 not found), message and data."""

    def __init__(self, code, message, data=None):
        super().__init__(f"{message} (JSON-RPC error {code})")
        self.code = code
        self.message = message
        self.data = data


class Client:
    """Talks to one Weft server. Thread-safe: each call is one HTTP request."""

    def __init__(self, url="http://127.0.0.1:8080", token=None, timeout=30.0):
        self.url = url.rstrip("/")
        self.token = token if token is not None else os.environ.get("WEFT_TOKEN")
        self.timeout = timeout
        self._ids = itertools.count(1)

    # --- the protocol ---

    def call(self, method, **params):
        """Calls method with params (None values left out) and returns its result."""
        body = {"jsonrpc": "2.0", "id": next(self._ids), "method": method,
                "params": {k: v for k, v in params.items() if v is not None}}
        answer = self._post(body)
        if "error" in answer:
            error = answer["error"]
            raise RpcError(error.get("code"), error.get("message"), error.get("data"))
        return answer.get("result")

    def _post(self, body):
        request = urllib.request.Request(
            self.url + "/rpc", data=json.dumps(body).encode("utf-8"), method="POST",
            headers=self._headers({"Content-Type": "application/json"}))
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            # the server answers JSON-RPC errors (auth, limits) with a JSON body too
            try:
                return json.loads(e.read().decode("utf-8"))
            except ValueError:
                raise ConnectionError(f"{self.url}/rpc answered HTTP {e.code}: {e.reason}") from e
        except urllib.error.URLError as e:
            raise ConnectionError(f"cannot reach the Weft server at {self.url}: {e.reason}") from e

    def _headers(self, headers):
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        return headers

    # --- Weft's methods ---

    def validate(self, manifest, params=None, format=None):
        """Checks a manifest's text: {valid, problems: [{line, column, node, message, hint}]}."""
        return self.call("pipelines.validate", manifest=manifest, params=params, format=format)

    def submit(self, manifest=None, pipeline=None, params=None, user=None, priority=None,
               at=None, format=None):
        """Starts a run of a manifest's text or a stored pipeline's name; returns the run."""
        if (manifest is None) == (pipeline is None):
            raise ValueError("give a manifest (its text) or a pipeline (a stored one's name)")
        return self.call("runs.submit", manifest=manifest, pipeline=pipeline, params=params,
                         user=user, priority=priority, at=at, format=format)

    def run(self, run_id):
        """The run with its tasks."""
        return self.call("runs.get", run_id=run_id)

    def runs(self, status=None, user=None, limit=None, offset=None):
        """Runs, newest first: {total, offset, limit, runs}."""
        return self.call("runs.list", status=status, user=user, limit=limit, offset=offset)

    def cancel(self, run_id, reason=None):
        """Cancels a run: {run_id, cancelled, stopping, status}."""
        return self.call("runs.cancel", run_id=run_id, reason=reason)

    def retry(self, run_id):
        """Runs again what failed in a run, reusing what succeeded: {run_id, again, status}."""
        return self.call("runs.retry", run_id=run_id)

    def tree(self, task_id):
        """The task tree under a task (a run's id gives the whole run)."""
        return self.call("tasks.tree", task_id=str(task_id))

    def logs(self, task_id):
        """A task's log lines: [{attempt, at, level, message}]."""
        return self.call("tasks.logs", task_id=task_id)

    def events(self, run=None, after=None, user=None, timeout=None):
        """The store's events (GET /events), as dicts, oldest first, live: {id, at, kind (run,
        task or progress), run_id, task_id, node_id, status, error, progress, note, user}.

        run: only that run's; after: those after that event id (resume). Reconnects by itself
        after a dropped connection, from the last id received, so none is lost or repeated.
        timeout: seconds without any data (heartbeats included) before TimeoutError.
        """
        last = after
        while True:
            query = {k: v for k, v in {"run": run, "after": last, "user": user}.items()
                     if v is not None}
            url = urllib.parse.urlsplit(self.url)
            connection = http.client.HTTPConnection(url.hostname, url.port or 80,
                                                    timeout=timeout or 60)
            try:
                try:
                    connection.request("GET", "/events?" + urllib.parse.urlencode(query),
                                       headers=self._headers({"Accept": "text/event-stream"}))
                    response = connection.getresponse()
                except TimeoutError:
                    raise TimeoutError(f"{self.url}/events did not answer in {timeout} s") from None
                except OSError as e:
                    raise ConnectionError(f"cannot reach the Weft server at {self.url}: {e}") from e
                if response.status != 200:
                    _raise_answer(response, self.url + "/events")
                try:
                    for event in _server_sent(response):
                        last = event["id"]
                        yield event
                except TimeoutError:
                    raise TimeoutError(f"no event from {self.url} for {timeout} s") from None
                except (http.client.IncompleteRead, ConnectionResetError):
                    pass  # the stream was cut: go on from the last event received
            finally:
                connection.close()

    def wait(self, run_id, timeout=None):
        """Waits until the run has ended (following its events) and returns it, with its tasks;
        TimeoutError when no event came for timeout seconds."""
        current = self.run(run_id)
        if current["status"] in ENDED:
            return current
        for event in self.events(run=run_id, timeout=timeout):
            if event["kind"] == "run" and event["status"] in ENDED:
                return self.run(run_id)


def _raise_answer(response, where):
    """Raises the JSON-RPC error a refused request answered, or says what it answered."""
    body = response.read().decode("utf-8", "replace")
    try:
        error = json.loads(body)["error"]
    except (ValueError, KeyError, TypeError):
        raise ConnectionError(f"{where} answered HTTP {response.status}") from None
    raise RpcError(error.get("code"), error.get("message"), error.get("data"))


def _server_sent(response):
    """The events of a text/event-stream, each its data as parsed JSON."""
    data = []
    while True:
        line = response.readline()
        if not line:
            return  # the server closed the stream
        line = line.decode("utf-8").rstrip("\r\n")
        if line == "":
            if data:
                yield json.loads("\n".join(data))
                data = []
        elif line.startswith("data:"):
            data.append(line[5:].lstrip(" "))
