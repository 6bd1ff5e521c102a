#!/usr/bin/env python3
"""openapi.py FVP YAML - the running control API answers as docs/api/fvp.yaml says.

For every documented path and method, on a raw riscv64 guest (no cross compiler needed):
the status is one the document lists for it and a JSON body matches the listed schema
(type, required fields, property types, enums, nullability); a method the path does not
document gets 405, which each path lists; an undocumented path gets 404; the event
stream's first line matches the Event schema. PUT verbs run in the document's order with
the shutdowns last (vm.shutdown here, vmm.shutdown on a second fvp); fvp exits 0.
"""
import json
import re
import sys
import time

try:
    import yaml
except ImportError:
    print('openapi: SKIP[package]: python3-yaml is not installed: apt-get install python3-yaml')
    sys.exit(77)

from fvpapi import Checker, EventStream, Fvp, LIMIT, request

fvp_bin, doc_path = sys.argv[1], sys.argv[2]
with open(doc_path) as f:
    doc = yaml.safe_load(f)
t = Checker()
TYPES = {'object': dict, 'array': list, 'string': str, 'boolean': bool,
         'integer': int, 'number': (int, float)}
METHODS = ('get', 'put', 'post', 'delete', 'patch')
SHUTDOWNS = ('/vm.shutdown', '/vmm.shutdown')


def deref(node):
    if isinstance(node, dict) and '$ref' in node:
        target = doc
        for part in node['$ref'].lstrip('#/').split('/'):
            target = target[part]
        return deref(target)
    return node


def validate(value, schema, where):
    """A list of what does not match."""
    schema = deref(schema)
    if value is None:
        return [] if schema.get('nullable') else ['%s: null' % where]
    want = schema.get('type')
    if want and (not isinstance(value, TYPES[want]) or
                 (want in ('integer', 'number') and isinstance(value, bool))):
        return ['%s: %r is not %s' % (where, value, want)]
    errors = []
    if 'enum' in schema and value not in schema['enum']:
        errors.append('%s: %r not in %s' % (where, value, schema['enum']))
    if 'pattern' in schema and not re.search(schema['pattern'], value):
        errors.append('%s: %r does not match %s' % (where, value, schema['pattern']))
    if isinstance(value, dict):
        for key in schema.get('required', []):
            if key not in value:
                errors.append('%s: no %s' % (where, key))
        props = schema.get('properties', {})
        for key, item in value.items():
            if key in props:
                errors += validate(item, props[key], where + '.' + key)
            elif isinstance(schema.get('additionalProperties'), dict):
                errors += validate(item, schema['additionalProperties'], where + '.' + key)
    if isinstance(value, list) and 'items' in schema:
        for i, item in enumerate(value):
            errors += validate(item, schema['items'], '%s[%d]' % (where, i))
    return errors


def check_answer(path, method, status, body):
    responses = doc['paths'][path][method]['responses']
    what = '%s %s' % (method.upper(), path)
    if not t.check(str(status) in responses, '%s: %d is documented' % (what, status)):
        return
    content = deref(responses[str(status)]).get('content', {})
    if 'application/json' in content:
        try:
            value = json.loads(body)
        except ValueError:
            t.check(False, '%s: the body is JSON: %r' % (what, body[:80]))
            return
        errors = validate(value, content['application/json']['schema'], 'body')
        t.check(not errors, '%s: the body matches the schema %s' % (what, errors))
    else:
        t.check(body == b'', '%s: no body, as documented' % what)


def check_stream(vm, path):
    stream = EventStream(vm.sock)
    deadline = time.monotonic() + LIMIT
    while not stream.lines and time.monotonic() < deadline:
        time.sleep(0.05)
    status = int(stream.head.split()[1]) if stream.lines else 0
    responses = doc['paths'][path]['get']['responses']
    t.check(str(status) in responses, 'GET %s: %d is documented' % (path, status))
    schema = responses['200']['content']['application/x-ndjson']['schema']
    errors = validate(json.loads(stream.lines[0]), schema, 'event') if stream.lines else ['none']
    t.check(not errors, 'GET %s: the first event matches the schema %s' % (path, errors))
    stream.sock.close()


def check_path(vm, path):
    """The wrong method first (a shutdown ends the server), then each documented one."""
    item = doc['paths'][path]
    wrong = next(m for m in METHODS if m not in item)
    status, _, body = vm.call(wrong.upper(), path[1:])
    t.check(status == 405 and all('405' in item[m]['responses'] for m in item),
            '%s %s: 405, as documented' % (wrong.upper(), path))
    for method in item:
        if path == '/events':
            check_stream(vm, path)
            continue
        status, _, body = vm.call(method.upper(), path[1:])
        check_answer(path, method, status, body)
        if path == '/vm.pause':
            vm.call('PUT', 'vm.resume')


vm = Fvp(fvp_bin, ['--rng'])
try:
    if not t.check(vm.wait_socket(), 'the API socket appears'):
        t.exit()
    for path in doc['paths']:
        if path not in SHUTDOWNS:
            check_path(vm, path)
    for path in ('/api/v1/vm.undocumented', '/api/v2/vmm.ping', '/'):
        status, _, body = request(vm.sock, 'GET', path)
        t.check(status == 404 and json.loads(body).get('message'),
                'GET %s (undocumented): 404 with a message' % path)
    check_path(vm, '/vm.shutdown')
    t.check(vm.wait_exit() == 0, 'fvp exits 0 after vm.shutdown')
finally:
    vm.close()
vm = Fvp(fvp_bin)
try:
    t.check(vm.wait_socket(), 'a second fvp: the API socket appears')
    status, _, body = vm.call('PUT', 'vmm.shutdown')
    check_answer('/vmm.shutdown', 'put', status, body)
    t.check(vm.wait_exit() == 0, 'fvp exits 0 after vmm.shutdown')
finally:
    vm.close()
t.exit()
