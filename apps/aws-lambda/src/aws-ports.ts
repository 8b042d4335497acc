/** The AWS adapter set's constructor, in a module of its own: the entry imports it on first use (its chunk holds the SDK). */
export { createAwsPorts } from '@kumo/adapter-aws';
