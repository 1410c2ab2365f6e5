# Filters that edit a Vigie inventory (docs/inventory.md) the way a careful person would: the
# file is read and written with ruamel.yaml's round trip, so comments, key order and layout stay
# as they were, and only the entry being changed changes. A second run with the same variables
# gives the same text, so Ansible's copy reports no change.
#
# The playbooks validate the result with `vigie validate` before it replaces the live file: these
# filters only refuse what they cannot do at all (a target without an id, a missing list...).

from io import StringIO

from ansible.errors import AnsibleFilterError

try:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
except ImportError:  # pragma: no cover - said clearly to whoever runs the playbook
    YAML = None


def _yaml():
    if YAML is None:
        raise AnsibleFilterError(
            "the Vigie inventory filters need ruamel.yaml on the Ansible controller:"
            " apt-get install python3-ruamel.yaml (or pip install ruamel.yaml)")
    yaml = YAML()  # round trip: keeps comments and order
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    yaml.width = 4096
    return yaml


def _load(text):
    yaml = _yaml()
    document = yaml.load(text) if text and text.strip() else None
    if document is None:
        document = CommentedMap()
    if not isinstance(document, dict):
        raise AnsibleFilterError("the inventory is not a YAML mapping")
    return yaml, document


def _dump(yaml, document):
    out = StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def _plain(value):
    """Ansible hands over its own string and dict types; YAML wants plain ones."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        # Ansible's AnsibleUnsafeText is a str that ruamel.yaml cannot represent, and that
        # str() and slicing keep; join() makes a plain one.
        return "".join([value])
    return value


def _to_yaml(value):
    if isinstance(value, dict):
        mapping = CommentedMap()
        for k, v in value.items():
            mapping[k] = _to_yaml(v)
        # Small nested mappings ({env: NAME}, {file: ...}) read best on one line.
        if all(not isinstance(v, (dict, list)) for v in value.values()) and len(value) <= 3:
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        seq = CommentedSeq(_to_yaml(v) for v in value)
        if all(not isinstance(v, (dict, list)) for v in value):
            seq.fa.set_flow_style()
        return seq
    return value


def _merge(existing, wanted):
    """Makes `existing` equal to `wanted` while keeping the order and comments of kept keys."""
    for key in [k for k in existing if k not in wanted]:
        del existing[key]
    for key, value in wanted.items():
        if key in existing and isinstance(existing[key], dict) and isinstance(value, dict):
            _merge(existing[key], value)
        elif key in existing and _named_list(existing[key]) and _named_list(value):
            _merge_named(existing[key], value)
        elif key not in existing or existing[key] != value:
            existing[key] = _to_yaml(value)


def _named_list(value):
    """A list of mappings that each have a distinct name (probes, ssh checks)."""
    if not isinstance(value, list) or not all(isinstance(v, dict) and v.get("name") for v in value):
        return False
    names = [v["name"] for v in value]
    return len(set(names)) == len(names)


def _merge_named(existing, wanted):
    """Makes the list `existing` equal to `wanted`, matching entries by name so that an entry that
    stays keeps its comments and layout."""
    by_name = {entry["name"]: entry for entry in existing}
    kept = []
    for value in wanted:
        entry = by_name.get(value["name"])
        if entry is None:
            entry = _to_yaml(value)
        elif entry != value:
            _merge(entry, value)
        kept.append(entry)
    if len(existing) == len(kept) and all(a is b for a, b in zip(existing, kept)):
        return
    # Rebuilt in place (the sequence keeps its own comments and flow style).
    del existing[:]
    existing.extend(kept)


def _set_probe(probes, probe):
    """Adds a probe, or replaces the one of the same name in place."""
    if not isinstance(probe, dict) or not probe.get("name"):
        raise AnsibleFilterError("every probe must be a mapping with a name, found %r" % (probe,))
    for entry in probes:
        if isinstance(entry, dict) and entry.get("name") == probe["name"]:
            if entry != probe:
                _merge(entry, probe)
            return
    probes.append(_to_yaml(probe))


def _entries(document, key):
    entries = document.get(key)
    if entries is None:
        entries = CommentedSeq()
        document[key] = entries
    if not isinstance(entries, list):
        raise AnsibleFilterError("'%s' in the inventory is not a list" % key)
    return entries


def _set_entry(entries, wanted, kind):
    if not isinstance(wanted, dict) or not wanted.get("id"):
        raise AnsibleFilterError("the %s must be a mapping with an id, found %r" % (kind, wanted))
    for entry in entries:
        if isinstance(entry, dict) and entry.get("id") == wanted["id"]:
            _merge(entry, wanted)
            return
    entries.append(_to_yaml(wanted))


def vigie_set_source(text, target, client=None):
    """Adds or replaces a target (matched by id), and adds its client if it is new."""
    yaml, document = _load(text)
    target = _plain(target)
    if client:
        client = _plain(client)
        clients = _entries(document, "clients")
        if not any(isinstance(c, dict) and c.get("id") == client.get("id") for c in clients):
            _set_entry(clients, client, "client")
    _set_entry(_entries(document, "targets"), target, "target")
    return _dump(yaml, document)


def vigie_remove_source(text, target_id):
    """Removes a target and its own thresholds; everything else stays as it was."""
    yaml, document = _load(text)
    targets = _entries(document, "targets")
    for index, entry in enumerate(list(targets)):
        if isinstance(entry, dict) and entry.get("id") == target_id:
            del targets[index]
            break
    thresholds = document.get("thresholds")
    if isinstance(thresholds, dict) and isinstance(thresholds.get("targets"), dict):
        thresholds["targets"].pop(target_id, None)
    return _dump(yaml, document)


def _trailing(node):
    """The comment lines after a node's deepest last entry (ruamel keeps the comment that precedes
    the next list item there): (container, key, slot), or None."""
    if isinstance(node, dict) and node:
        key = list(node.keys())[-1]
        slot = 2
    elif isinstance(node, list) and node:
        key = len(node) - 1
        slot = 0
    else:
        return None
    inner = _trailing(node[key])
    if inner:
        return inner
    item = node.ca.items.get(key) if hasattr(node, "ca") else None
    if item and len(item) > slot and item[slot] is not None:
        return node, key, slot
    return None


def _detach_trailing(node):
    """Takes the comment lines that follow a node's last entry (they introduce what comes next),
    leaving that entry's own end-of-line comment; returns them, or None."""
    holder = _trailing(node)
    if not holder:
        return None
    container, last, slot = holder
    token = container.ca.items[last][slot]
    eol, newline, rest = token.value.partition("\n")
    if not rest.strip():
        return None
    token.value = eol + newline
    return rest


def _attach_trailing(node, lines):
    """Puts comment lines taken by _detach_trailing after the node's (new) last entry."""
    if not lines or not node:
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    container, last = _deepest_last(node)
    token = CommentToken("\n" + lines, CommentMark(0), None)
    if isinstance(container, dict):
        container.ca.items[last] = [None, None, token, None]
    else:
        container.ca.items[last] = [token, None]


def _append_key(mapping, key, value):
    """mapping[key] = value at the end, the comment lines that followed the mapping after it."""
    lines = _detach_trailing(mapping)
    mapping[key] = value
    _attach_trailing(mapping, lines)


def _deepest_last(node):
    container, key = node, (list(node.keys())[-1] if isinstance(node, dict) else len(node) - 1)
    child = node[key]
    if isinstance(child, (dict, list)) and child:
        return _deepest_last(child)
    return container, key


def _find_target(document, target_id):
    for entry in _entries(document, "targets"):
        if isinstance(entry, dict) and entry.get("id") == target_id:
            return entry
    raise AnsibleFilterError(
        "there is no target %s in the inventory: add it first (vigie_target)" % target_id)


def vigie_set_probes(text, target_id, probes):
    """Adds probes to an existing target, each replacing the target's probe of the same name;
    the target's other probes, and everything else, stay as they were."""
    yaml, document = _load(text)
    target_id, probes = _plain(target_id), _plain(probes)
    if not isinstance(probes, list) or not probes:
        raise AnsibleFilterError("vigie_probes must be a list of probes, found %r" % (probes,))
    target = _find_target(document, target_id)
    existing = target.get("probes")
    new = existing is None
    if new:
        existing = CommentedSeq()
    if not isinstance(existing, list):
        raise AnsibleFilterError("the probes of target %s are not a list" % target_id)
    if not new:
        # An appended probe goes before the comment lines that introduce the next target.
        lines = _detach_trailing(existing)
    for probe in probes:
        _set_probe(existing, probe)
    if new:
        _append_key(target, "probes", existing)
    else:
        _attach_trailing(existing, lines)
    return _dump(yaml, document)


def vigie_remove_probe(text, target_id, probe_name):
    """Removes one probe of a target by name; a no-op when it is not there. The last probe of a
    target removes its probes key (which the validator refuses for a service target)."""
    yaml, document = _load(text)
    target_id, probe_name = _plain(target_id), _plain(probe_name)
    target = _find_target(document, target_id)
    probes = target.get("probes")
    if isinstance(probes, list) and probes:
        names = [entry.get("name") if isinstance(entry, dict) else None for entry in probes]
        if probe_name in names:
            # The comment lines after the target introduce the next one: they stay after it.
            lines = _detach_trailing(target)
            del probes[names.index(probe_name)]
            if not probes:
                del target["probes"]
            _attach_trailing(target, lines)
    return _dump(yaml, document)


def vigie_set_host_key(text, target_id, fingerprint):
    """Pins an SSH target's host key (ssh.host_key); a no-op when the target is not there."""
    yaml, document = _load(text)
    target_id = _plain(target_id)
    for entry in _entries(document, "targets"):
        if isinstance(entry, dict) and entry.get("id") == target_id:
            ssh = entry.get("ssh")
            if ssh is None:
                ssh = CommentedMap()
                entry["ssh"] = ssh
            if ssh.get("host_key") != fingerprint:
                ssh["host_key"] = _plain(fingerprint)
    return _dump(yaml, document)


def vigie_users_file(text, users):
    """The alerting API's users file (mdp.yml): each user's password as a bcrypt hash.

    A user whose stored hash still matches the password keeps it, so that a second run changes
    nothing; a new user or a changed password gets a fresh salt. Plain passwords never reach the
    file. A user's ``clients`` (client ids) limit it to those clients; without them it sees every
    client (NOC).
    """
    try:
        import bcrypt
    except ImportError:
        raise AnsibleFilterError("vigie_users_file needs python3-bcrypt on the Ansible controller")
    yaml, document = _load(text)
    stored = {}
    for entry in document.get("users") or []:
        if isinstance(entry, dict) and entry.get("name"):
            stored[entry["name"]] = str(entry.get("password", ""))
    result = CommentedSeq()
    for user in _plain(users or []):
        name, password = user.get("name"), user.get("password")
        if not name or not password:
            raise AnsibleFilterError("every API user needs a name and a password (from the vault)")
        if len(password) < 8:
            raise AnsibleFilterError("the password of API user %s is shorter than 8 characters" % name)
        previous = stored.get(name, "")
        if previous.startswith("$2") and bcrypt.checkpw(password.encode(), previous.encode()):
            hashed = previous
        else:
            hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12)).decode()
        entry = CommentedMap()
        entry["name"] = name
        entry["password"] = hashed
        entry["roles"] = _to_yaml(list(user.get("roles") or ["viewer"]))
        if "clients" in user:
            clients = user.get("clients")
            if not isinstance(clients, list) or not clients:
                # An empty list would be a user who sees nothing; a missing key, every client.
                raise AnsibleFilterError(
                    "the clients of API user %s must be a list of client ids; leave the key out"
                    " for a user who sees every client" % name)
            entry["clients"] = _to_yaml([str(c) for c in clients])
        result.append(entry)
    document["users"] = result
    return _dump(yaml, document)


class FilterModule(object):
    def filters(self):
        return {
            "vigie_set_source": vigie_set_source,
            "vigie_remove_source": vigie_remove_source,
            "vigie_set_probes": vigie_set_probes,
            "vigie_remove_probe": vigie_remove_probe,
            "vigie_set_host_key": vigie_set_host_key,
            "vigie_users_file": vigie_users_file,
        }
