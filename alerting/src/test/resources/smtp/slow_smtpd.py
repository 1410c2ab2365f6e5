"""A real SMTP server (aiosmtpd) that takes DELAY seconds over each message before answering 250
to DATA, as a loaded relay does. Usage: slow_smtpd.py PORT DIR DELAY

DIR/started gets the Message-ID of every message whose DATA arrived (one line each, at once);
DIR/accepted gets it when the server answers 250. A client that goes away during the delay
cancels the handler (aiosmtpd does so on EOF; checked again when the delay ends): that message is not
accepted, as a careful MTA
does not queue a message whose 250 nobody can read. The window left is the one every SMTP client
has: between the 250 and the client's own record of it."""
import asyncio
import email.parser
import os
import sys
import threading

from aiosmtpd.controller import Controller

DIR = sys.argv[2]
DELAY = float(sys.argv[3])


def note(name, line):
    with open(os.path.join(DIR, name), "a") as f:
        f.write(line + "\n")
        f.flush()
        os.fsync(f.fileno())


def gone(server):
    transport = server.transport
    return transport is None or transport.is_closing() or server._reader.at_eof()


class Handler:
    async def handle_DATA(self, server, session, envelope):
        headers = email.parser.BytesHeaderParser().parsebytes(envelope.content)
        message_id = str(headers.get("Message-ID", "")).strip()
        note("started", message_id)
        await asyncio.sleep(DELAY)
        if gone(server):
            note("abandoned", message_id)
            return "451 4.3.0 nobody left to answer"
        note("accepted", message_id)
        return "250 Message accepted for delivery"


controller = Controller(Handler(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
threading.Event().wait()
