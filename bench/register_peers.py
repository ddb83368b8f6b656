#!/usr/bin/env python3
"""Registers fake peers with a Maestro as members do: on its TLS port, with a certificate, after proving the network key.

usage: bench/register_peers.py MAESTRO_TLS_URL PEERS FILES_PER_PEER CERT_DIR [--big N]

Peer F<p> registers files file-<p*FILES_PER_PEER+j>.bin (distinct names: every entry is its own name, the index's
worst case), with certificate CERT_DIR/cert<p // 1000>.crt/.key (the Maestro must allow 1,000 ids per certificate).
Their addresses are loopback ones nobody listens on: the Maestro only stores them. With --big N, then registers one
more peer, BIG, with N files and certificate CERT_DIR/certbig.crt/.key, and prints the seconds its POST /register took. Reads P2P_NETWORK_KEY from the environment.
"""
import hashlib
import hmac
import http.client
import json
import os
import ssl
import sys
import time
import urllib.parse

PEERS_PER_CERTIFICATE = 1000


class Member:
    """One TLS session with the Maestro that has proven the network key."""

    def __init__(self, url, cert, key):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        context.load_cert_chain(cert, key)
        self.conn = http.client.HTTPSConnection(url.hostname, url.port, context=context)
        server_nonce = self.call("POST", "/membership/challenge", {})["server_nonce"]
        server_fp = hashlib.sha256(self.conn.sock.getpeercert(binary_form=True)).hexdigest()
        client_fp = hashlib.sha256(ssl.PEM_cert_to_DER_cert(open(cert).read())).hexdigest()
        client_nonce = os.urandom(32).hex()

        def proof(role):
            message = f"p2p membership v1 {role}".encode() + b"".join(
                bytes.fromhex(h) for h in (server_nonce, client_nonce, client_fp, server_fp))
            return hmac.new(os.environ["P2P_NETWORK_KEY"].encode(), message, hashlib.sha256).hexdigest()

        answer = self.call("POST", "/membership/proof",
                           {"server_nonce": server_nonce, "client_nonce": client_nonce, "proof": proof("client")})
        if not hmac.compare_digest(answer["proof"], proof("server")):
            sys.exit("the Maestro did not prove it holds the network key")

    def call(self, method, path, body):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.conn.request(method, path, data, {"content-type": "application/json"})
        response = self.conn.getresponse()
        data = response.read()
        if response.status >= 300:
            sys.exit(f"{path} answered {response.status}: {data[:300]!r}")
        return json.loads(data) if data else None


def registration(peer_id, host, first, count):
    return {"id": peer_id, "rest_url": f"http://{host}:8000", "grpc_url": f"https://{host}:50051",
            "files": [{"name": f"file-{first + j}.bin", "size": 1024 + j, "sha256": f"{first + j:064x}"}
                      for j in range(count)]}


def main():
    args = sys.argv[1:]
    big = 0
    if "--big" in args:
        at = args.index("--big")
        big = int(args[at + 1])
        del args[at:at + 2]
    if len(args) != 4:
        sys.exit(__doc__)
    url, peers, per, cert_dir = urllib.parse.urlsplit(args[0]), int(args[1]), int(args[2]), args[3]
    members = {}

    def member(k):
        if k not in members:
            members[k] = Member(url, f"{cert_dir}/cert{k}.crt", f"{cert_dir}/cert{k}.key")
        return members[k]

    for p in range(peers):
        member(p // PEERS_PER_CERTIFICATE).call(
            "POST", "/register", registration(f"F{p}", f"127.{1 + p // 62500}.{p // 250 % 250}.{p % 250 + 1}", p * per, per))
    if big:
        body = json.dumps(registration("BIG", "127.0.0.250", peers * per, big)).encode()
        started = time.monotonic()
        Member(url, f"{cert_dir}/certbig.crt", f"{cert_dir}/certbig.key").call("POST", "/register", body)
        print(f"{time.monotonic() - started:.3f}")


if __name__ == "__main__":
    main()
