#!/usr/bin/python3
"""The demo's SMTP sink (./vigie demo): accepts every mail on a loopback port and writes each one
into DIR as a .eml file, readable with any mail reader, or with less.

usage: smtp-sink.py PORT DIR        (needs Debian's python3-aiosmtpd)
"""
import os
import signal
import sys
import time
from itertools import count

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.numbers = count(1)

    async def handle_DATA(self, server, session, envelope):
        name = "%s-%04d.eml" % (time.strftime("%Y%m%d-%H%M%S"), next(self.numbers))
        path = os.path.join(self.directory, name)
        # The envelope is not in the headers (a copy to the NOC, a Bcc): written first, as
        # delivery agents do. Renamed once complete, so a reader never sees half a mail.
        head = "X-Envelope-From: %s\r\nX-Envelope-To: %s\r\n" % (
            envelope.mail_from, ", ".join(envelope.rcpt_tos))
        with open(path + ".part", "wb") as out:
            out.write(head.encode("utf-8") + envelope.original_content)
        os.rename(path + ".part", path)
        print("received %s for %s" % (name, ", ".join(envelope.rcpt_tos)), flush=True)
        return "250 OK"


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    controller = Controller(Sink(directory), hostname="127.0.0.1", port=port, enable_SMTPUTF8=True)
    controller.start()
    print("listening on 127.0.0.1:%d, mails in %s" % (port, directory), flush=True)
    # A background job of a script starts with SIGINT ignored: both signals are handled here.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: sys.exit(0))
    try:
        while True:
            signal.pause()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
