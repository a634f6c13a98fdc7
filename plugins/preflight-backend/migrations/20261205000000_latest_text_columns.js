/*
 * The catalog fields copied into preflight_latest (title, owner, system, lifecycle, type) have
 * no length limit in the catalog: one value longer than 255 characters failed, on PostgreSQL,
 * the transaction that records a whole page of entities. They become unbounded `text`.
 */

const COLUMNS = ['title', 'owner', 'system', 'lifecycle', 'type'];

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('preflight_latest', table => {
    for (const column of COLUMNS) table.text(column).nullable().alter();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  // Fails on PostgreSQL while a value longer than 255 characters is stored.
  await knex.schema.alterTable('preflight_latest', table => {
    for (const column of COLUMNS) table.string(column).nullable().alter();
  });
};
