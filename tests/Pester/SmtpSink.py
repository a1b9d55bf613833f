"""A throwaway SMTP server for the notification tests (Debian python3-aiosmtpd).

Listens on a free loopback port, prints "READY <port>" once it accepts connections, and saves
every message it receives as <folder>/<n>.json: the envelope (sender, recipients), the login used
(never the password), and the parsed From, To, Subject and plain-text body. With --login USER:PASSWORD
it requires that login (AUTH PLAIN or LOGIN, allowed without TLS on loopback). With --tls CERT KEY it offers
STARTTLS with that certificate and requires it before MAIL (a submission server). Stops on SIGTERM or
when its standard input closes, so a test run that dies does not leave it behind.
"""
import argparse
import asyncio
import email
import email.policy
import json
import logging
import os
import signal
import socket
import ssl
import sys
import threading
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        body = parsed.get_body(preferencelist=("plain",))
        login = getattr(session, "auth_data", None)
        record = {
            "MailFrom": envelope.mail_from,
            "Recipients": envelope.rcpt_tos,
            "Login": login.decode() if isinstance(login, bytes) else login,
            "From": str(parsed["From"]),
            "To": str(parsed["To"]),
            "Subject": str(parsed["Subject"]),
            "Body": body.get_content() if body is not None else "",
            "Raw": (envelope.original_content or envelope.content).decode("utf-8", "replace"),
        }
        with self.lock:
            self.count += 1
            name = os.path.join(self.folder, f"{self.count:04d}.json")
        # Written aside and renamed, so a reader never sees half a message.
        with open(name + ".partial", "w", encoding="utf-8") as out:
            json.dump(record, out)
        os.replace(name + ".partial", name)
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--login", help="USER:PASSWORD the server requires")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"), help="PEM certificate and key: STARTTLS, required")
    args = parser.parse_args()
    os.makedirs(args.folder, exist_ok=True)

    # AUTH without TLS is what the tests want (loopback only): no warning about it on the test output.
    warnings.simplefilter("ignore")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    options = {}
    if args.login:
        user, password = args.login.split(":", 1)

        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login.decode() == user and auth_data.password.decode() == password
            # What the session keeps as its login: the user name only.
            # handled=False: aiosmtpd itself answers 535 to a refused login (True would leave the client waiting).
            return AuthResult(success=ok, handled=False, auth_data=auth_data.login.decode() if ok else None)

        options = {"authenticator": authenticate, "auth_required": True, "auth_require_tls": False}

    if args.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls[0], args.tls[1])
        options.update({"tls_context": context, "require_starttls": True})

    port = free_port()
    controller = Controller(Sink(args.folder), hostname="127.0.0.1", port=port, **options)
    controller.start()
    print(f"READY {port}", flush=True)

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    done.wait()
    controller.stop()


if __name__ == "__main__":
    main()
