"""A real SMTP server (aiosmtpd) that refuses recipients named nobody@... with 550, as a mail
server refuses an unknown user. Accepted messages are listed, one line per message, in a file.
Usage: rejecting_smtpd.py PORT LOG"""
import sys
import threading

from aiosmtpd.controller import Controller


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with open(sys.argv[2], "a") as log:
            log.write(" ".join(envelope.rcpt_tos) + "\n")
        return "250 Message accepted for delivery"


controller = Controller(Handler(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
threading.Event().wait()
