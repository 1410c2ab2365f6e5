#!/usr/bin/python3
"""Answers snmpd's pass_persist protocol with values read from a file, for tests.

The file (the first argument) holds one object per line: "OID TYPE VALUE", with TYPE one of
pass_persist's (integer, gauge, counter, string...). It is read again for every request, so a test
changes what the agent answers by rewriting it (by rename, so a request never sees half a file).
See snmpd.conf(5), pass_persist: PING is answered PONG; "get" and "getnext" are followed by an OID
and answered with three lines, OID, TYPE and VALUE, or NONE; "set" is refused.
"""
import sys


def key(oid):
    return tuple(int(part) for part in oid.strip(".").split("."))


def objects(path):
    found = []
    with open(path) as file:
        for line in file:
            parts = line.strip().split(" ", 2)
            if len(parts) == 3:
                found.append((key(parts[0]), parts[1], parts[2]))
    return sorted(found)


def answer(command, oid, path):
    wanted = key(oid)
    for found, kind, value in objects(path):
        if (command == "get" and found == wanted) or (command == "getnext" and found > wanted):
            return "." + ".".join(str(part) for part in found) + "\n" + kind + "\n" + value
    return "NONE"


def main():
    path = sys.argv[1]
    while True:
        line = sys.stdin.readline()
        if not line:
            return
        command = line.strip()
        if command == "PING":
            reply = "PONG"
        elif command in ("get", "getnext"):
            reply = answer(command, sys.stdin.readline().strip(), path)
        elif command == "set":
            sys.stdin.readline()
            sys.stdin.readline()
            reply = "not-writable"
        else:
            reply = "NONE"
        sys.stdout.write(reply + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
