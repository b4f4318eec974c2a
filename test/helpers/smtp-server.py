"""An SMTP server for the delivery tests (aiosmtpd, run with Debian's /usr/bin/python3).

TLS by STARTTLS (required before anything else) with the test's certificate, AUTH
PLAIN/LOGIN for one user, recipients containing "reject" refused with 550, and every accepted message kept
as a file in OUT (named by arrival) before the 250 goes back. With SENT (a maildir folder),
each accepted message is also filed there, as Gmail keeps what its SMTP server sends.
Prints "ready PORT" once it listens. Usage: smtp-server.py CERT KEY USER PASSWORD OUT [SENT]
"""
import asyncio
import os
import ssl
import sys
import time

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

cert, key, user, password, out = sys.argv[1:6]
sent = sys.argv[6] if len(sys.argv) > 6 else None


class Handler:
    count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "reject" in address:
            return "550 5.1.1 Recipient address rejected"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        Handler.count += 1
        name = "%06d-%d" % (Handler.count, os.getpid())
        data = envelope.original_content or envelope.content
        with open(os.path.join(out, name + ".tmp"), "wb") as f:
            f.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n" + data)
        os.rename(os.path.join(out, name + ".tmp"), os.path.join(out, name + ".eml"))
        if sent:
            path = os.path.join(sent, "new", "%d.%s.leads-test" % (int(time.time()), name))
            with open(path, "wb") as f:
                f.write(data)
            os.chown(path, os.stat(sent).st_uid, os.stat(sent).st_gid)
        return "250 2.0.0 Ok: queued as %s" % name


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
    # handled=False: aiosmtpd answers a failure with its 535 (handled=True would leave it unanswered)
    return AuthResult(success=ok, handled=False)


async def main():
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    loop = asyncio.get_running_loop()
    srv = await loop.create_server(
        lambda: SMTP(
            Handler(),
            hostname="127.0.0.1",
            tls_context=context,
            require_starttls=True,
            authenticator=authenticate,
            auth_required=True,
            auth_require_tls=True,
        ),
        host="127.0.0.1",
        port=0,
    )
    print("ready %d" % srv.sockets[0].getsockname()[1], flush=True)
    await srv.serve_forever()


asyncio.run(main())
