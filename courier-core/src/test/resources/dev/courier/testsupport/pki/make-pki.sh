#!/usr/bin/env bash
# Makes the fixture PKI in this folder (run once; the files are committed, so tests never need
# openssl). Validity 9,125 days (25 years) from the day it was run; rerun before then.
#   cd courier-core/src/test/resources/dev/courier/testsupport/pki && ./make-pki.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
PASSWORD=courier-secret   # TestPki.PASSWORD
DAYS=9125
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth\n' >"$work/server.ext"
printf 'extendedKeyUsage=clientAuth\n' >"$work/client.ext"
ca=(-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign)
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/ca.key" -out ca.pem -days $DAYS -subj /CN=Courier-Test-CA "${ca[@]}"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out "$work/server.csr" -subj /CN=localhost
openssl x509 -req -in "$work/server.csr" -CA ca.pem -CAkey "$work/ca.key" -CAcreateserial -CAserial "$work/ca.srl" -out server.pem -days $DAYS -extfile "$work/server.ext"
cat server.pem ca.pem >server-chain.pem
openssl ec -in server.key -out server-sec1.key
openssl pkcs8 -topk8 -in server.key -out server-enc.key -passout pass:$PASSWORD
openssl pkcs12 -export -in server.pem -inkey server.key -certfile ca.pem -out server.p12 -passout pass:$PASSWORD
openssl req -newkey rsa:2048 -nodes -keyout client.key -out "$work/client.csr" -subj /CN=courier-client
openssl x509 -req -in "$work/client.csr" -CA ca.pem -CAkey "$work/ca.key" -CAserial "$work/ca.srl" -out client.pem -days $DAYS -extfile "$work/client.ext"
openssl rsa -in client.key -traditional -out client-pkcs1.key
openssl pkcs12 -export -in client.pem -inkey client.key -out client.p12 -passout pass:$PASSWORD
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/rogue-ca.key" -out rogue-ca.pem -days $DAYS -subj /CN=Rogue-CA "${ca[@]}"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout rogue-server.key -out "$work/rogue.csr" -subj /CN=localhost
openssl x509 -req -in "$work/rogue.csr" -CA rogue-ca.pem -CAkey "$work/rogue-ca.key" -CAcreateserial -CAserial "$work/rogue.srl" -out rogue-server.pem -days $DAYS -extfile "$work/server.ext"
