/*
 * forwarded.h — who is asking, and over what, when itbcp serves behind a
 * TLS-terminating reverse proxy (README: Deployment, "Behind HTTPS").
 *
 * `serve --https` says every request reached the site over HTTPS (the
 * proxy in front speaks it; itbcp itself speaks plain HTTP on loopback).
 * `serve --trusted-proxy ADDR` names the one peer address whose
 * X-Forwarded-Proto and X-Forwarded-For are believed; from any other peer
 * those headers are ignored, so nobody reaching itbcp directly can claim
 * to be someone else or to have come over TLS.
 */
#ifndef ITBCP_WEB_FORWARDED_H
#define ITBCP_WEB_FORWARDED_H

#include <stdbool.h>
#include <stddef.h>

struct req;

/* Sets r->secure (the site's setting, or X-Forwarded-Proto: https from the
 * trusted proxy) and, from the trusted proxy, r->client to the last
 * address of X-Forwarded-For (the one the proxy itself appended: what the
 * client sent before it is the client's own word).  A value that is not an
 * IP address is ignored.  Call once the headers are in r. */
void forwarded_apply(struct req *r);

/* Normalises an IPv4 or IPv6 address text into out (INET6_ADDRSTRLEN
 * bytes) as the server writes peer addresses, so that a configured
 * "::ffff:127.0.0.1" or "127.000.0.1" cannot silently never match.  False
 * when text is not an address. */
bool forwarded_address(const char *text, size_t n, char *out);

#endif
