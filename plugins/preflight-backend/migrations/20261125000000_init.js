/*
 * Preflight's tables: waivers, the history of evaluations, and the latest result per entity
 * and environment (what the catalog-wide overview reads, so it never calls clusters).
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('preflight_waivers', table => {
    table.comment(
      'Checks accepted as not blocking for an entity and environment',
    );
    table.string('id').primary();
    table.string('entity_ref').notNullable();
    table.string('environment').notNullable();
    table.string('check_id').notNullable();
    table.text('justification').notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.string('created_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['entity_ref', 'expires_at'], 'preflight_waivers_entity_idx');
  });

  await knex.schema.createTable('preflight_evaluations', table => {
    table.comment('One row per evaluation of an entity in an environment');
    table.bigIncrements('id').primary();
    table.string('entity_ref').notNullable();
    table.string('environment').notNullable();
    table.string('verdict').notNullable();
    table.integer('score').notNullable();
    table.text('counts').notNullable();
    table.text('checks').notNullable();
    table.timestamp('evaluated_at', { useTz: true }).notNullable();
    table.index(
      ['entity_ref', 'environment', 'evaluated_at'],
      'preflight_evaluations_entity_idx',
    );
    table.index(['evaluated_at'], 'preflight_evaluations_time_idx');
  });

  await knex.schema.createTable('preflight_latest', table => {
    table.comment(
      'The latest evaluation per entity and environment, for the overview',
    );
    table.string('entity_ref').notNullable();
    table.string('environment').notNullable();
    table.string('kind').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.string('title');
    table.string('owner');
    table.string('system');
    table.string('lifecycle');
    table.string('type');
    table.string('verdict').notNullable();
    table.integer('score').notNullable();
    table.text('failing_checks').notNullable();
    table.text('unknown_checks').notNullable();
    table.timestamp('evaluated_at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'environment']);
    table.index(['verdict'], 'preflight_latest_verdict_idx');
    table.index(['owner'], 'preflight_latest_owner_idx');
    table.index(['system'], 'preflight_latest_system_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('preflight_latest');
  await knex.schema.dropTable('preflight_evaluations');
  await knex.schema.dropTable('preflight_waivers');
};
