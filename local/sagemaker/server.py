"""Run the local SageMaker: moto's server with the model-package additions and the control API.

In-process: ``with start() as server: boto3.client("sagemaker", endpoint_url=server.url, ...)``.
Foreground: ``python -m local.sagemaker.server --port 5000``.
"""

from __future__ import annotations

import argparse
import contextlib
import threading
from types import TracebackType

import boto3
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import BaseWSGIServer, make_server

from . import install, settings
from .app import LocalSageMakerApp
from .control import Control

# How often a server thread's loop looks for ``shutdown()``: socketserver looks between polls,
# 0.5 s apart by default, and every stop would wait for that (tests stop servers often).
STOP_POLL_SECONDS = 0.05


class LocalSageMaker:
    """A running server; ``stop()`` (or leaving the ``with`` block) shuts it down."""

    def __init__(self, server: BaseWSGIServer, app: LocalSageMakerApp) -> None:
        self._server = server
        self.app = app
        self.host, self.port = str(server.host), int(server.port)
        self.url = f"http://{self.host}:{self.port}"
        self.control = Control(self.url)
        self._thread = threading.Thread(
            target=server.serve_forever, args=(STOP_POLL_SECONDS,), name="local-sagemaker", daemon=True
        )

    def credentials_in(self, account: str, role: str = "workload") -> dict[str, str]:
        """Credentials that act in ``account``: STS AssumeRole into ``role`` of that account, as a
        workload account's pipeline or stack role would be. moto decides a caller's account by its
        access key (``accounts.py``), so calls made with these are that account's; any other key
        acts in 123456789012. Valid until the next reset."""
        sts = boto3.client(
            "sts", endpoint_url=self.url, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
        )
        made = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{role}", RoleSessionName="local")["Credentials"]
        return {key: made[key] for key in ("AccessKeyId", "SecretAccessKey", "SessionToken")}

    def serve_in_background(self) -> LocalSageMaker:
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self.app.stopping.set()
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> LocalSageMaker:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()


def _serve(port: int, host: str) -> LocalSageMaker:
    install()
    app = LocalSageMakerApp(DomainDispatcherApplication(create_backend_app))
    server = make_server(host, port, app, threaded=True, request_handler=MotoRequestHandler)
    return LocalSageMaker(server, app)


def start(port: int = 0, host: str = "127.0.0.1") -> LocalSageMaker:
    """Serve in a background thread of this process; port 0 picks a free port."""
    return _serve(port, host).serve_in_background()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--host", default="127.0.0.1")
    defaults = settings.Settings()
    for name in settings.TIMING_FIELDS:
        flag = "--" + name.replace("_", "-")
        parser.add_argument(
            flag, type=float, default=getattr(defaults, name), help=f"default {getattr(defaults, name)}"
        )
    args = parser.parse_args(argv)
    settings.set_defaults(**{name: getattr(args, name) for name in settings.TIMING_FIELDS})
    local = _serve(args.port, args.host)
    print(f"Local SageMaker on {local.url} (control API under {local.url}/_local/)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        local.serve_forever()


if __name__ == "__main__":
    main()
