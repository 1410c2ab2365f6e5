#!/usr/bin/python3
"""A real RTSP server for the probe tests: GStreamer's gst-rtsp-server through python3-gi.

Usage: rtsp-server.py PORT USER PASSWORD [basic|digest]

Mounts:
  /cam     a live test picture (JPEG over RTP), open to anyone
  /secure  the same, for USER with PASSWORD only (HTTP Basic authentication, or Digest)
Any other path is 404.
"""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

PIPELINE = (
    "( videotestsrc is-live=1 ! video/x-raw,format=I420,width=160,height=120,framerate=5/1"
    " ! jpegenc ! rtpjpegpay name=pay0 pt=26 )"
)


def factory(roles):
    """roles: role -> whether it may play. A role that may see the mount but not play it gets
    401 with a challenge (one that may not see it would get 404)."""
    f = GstRtspServer.RTSPMediaFactory()
    f.set_launch(PIPELINE)
    f.set_shared(True)
    for role, play in roles.items():
        f.add_role_from_structure(
            Gst.Structure.new_from_string(
                role
                + ", media.factory.access=(boolean)true, media.factory.construct=(boolean)"
                + ("true" if play else "false")
            )
        )
    return f


def main():
    port, user, password = sys.argv[1], sys.argv[2], sys.argv[3]
    method = sys.argv[4] if len(sys.argv) > 4 else "basic"
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(port)

    auth = GstRtspServer.RTSPAuth()
    anonymous = GstRtspServer.RTSPToken()
    anonymous.set_string("media.factory.role", "anonymous")
    auth.set_default_token(anonymous)
    known = GstRtspServer.RTSPToken()
    known.set_string("media.factory.role", "user")
    if method == "digest":
        auth.add_digest(user, password, known)
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
    else:
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), known)
    server.set_auth(auth)

    mounts = server.get_mount_points()
    mounts.add_factory("/cam", factory({"anonymous": True, "user": True}))
    mounts.add_factory("/secure", factory({"anonymous": False, "user": True}))
    if server.attach(None) == 0:
        sys.exit("cannot listen on 127.0.0.1:" + port)
    print("rtsp server on 127.0.0.1:" + port, flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
