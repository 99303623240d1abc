import type { FastifyReply } from 'fastify';
import { XMLBuilder } from 'fast-xml-parser';

export type Open311Format = 'json' | 'xml';

const builder = new XMLBuilder({ format: true, ignoreAttributes: true, indentBy: '  ' });

/**
 * GeoReport v2 documents: JSON as the bare value, XML with the spec's element names (a list's root holds one element
 * per item, e.g. <services><service>…</service></services>).
 */
export function sendOpen311(reply: FastifyReply, format: Open311Format, value: unknown, xml: { root: string; item?: string }) {
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(value) as never);
  const content = xml.item ? { [xml.root]: { [xml.item]: value } } : { [xml.root]: value };
  return reply.type('text/xml; charset=utf-8').send(`<?xml version="1.0" encoding="utf-8"?>\n${builder.build(content)}` as never);
}

/** The spec's error answer: a list of {code, description}, code being the HTTP status. */
export function sendOpen311Error(reply: FastifyReply, format: Open311Format, statusCode: number, description: string) {
  reply.status(statusCode);
  return sendOpen311(reply, format, [{ code: statusCode, description }], { root: 'errors', item: 'error' });
}
