package io.github.replicarouting;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SqlStatementsTests {

	@ParameterizedTest
	@ValueSource(strings = { "insert into t values (1)", "  UPDATE t set a = 1", "delete from t",
			"/* audit */ insert into t values (1)", "-- note\nmerge into t using s on (1=1)", "(insert into t values (1))",
			"create table t (a int)", "DROP TABLE t", "truncate table t", "alter table t add b int",
			"replace into t values (1)",
			// Data-modifying WITH, in PostgreSQL's and MySQL's forms.
			"with moved as (delete from t where a < 1 returning *) insert into archive select * from moved",
			"WITH x AS (SELECT 1) UPDATE t SET a = 1", "with recursive x as (select 1) delete from t",
			"with x as (insert into t values (1) returning a) select a from x",
			"with x as (select 1)\nmerge into t using x on (true) when matched then delete",
			// COPY ... FROM loads a table.
			"COPY t FROM STDIN", "copy t (a, b) from '/tmp/t.csv' with (format csv)",
			// EXPLAIN ANALYZE runs the statement it explains.
			"explain analyze delete from t", "EXPLAIN (ANALYZE, BUFFERS) UPDATE t SET a = 1",
			// A second statement that writes.
			"select 1; insert into t values (1)", "/*!40101 insert into t values (1) */" })
	void shouldRecognizeWrites(String sql) {
		assertThat(SqlStatements.isWrite(sql)).isTrue();
		assertThat(SqlStatements.mayWrite(sql)).isTrue();
		assertThat(SqlStatements.needsPrimary(sql)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "call add_audit(?)", "CALL report()", "{call add_audit(?)}", "{ ? = call next_id(?) }",
			"  {?=call f()}", "select nextval('order_seq')", "SELECT setval('s', 42)",
			"select nextval (order_seq), @@port", "select next value for order_seq",
			"with ids as (select nextval('s') as id) select id from ids", "do $$ begin perform 1; end $$",
			"load data infile '/tmp/t' into table t", "execute prepared_insert" })
	void shouldSendCodeThatMayWriteToThePrimaryButNotRefuseIt(String sql) {
		assertThat(SqlStatements.isWrite(sql)).isFalse();
		assertThat(SqlStatements.mayWrite(sql)).isTrue();
		assertThat(SqlStatements.needsPrimary(sql)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "select * from t where id = ? for update", "SELECT a FROM t FOR SHARE",
			"select a from t for no key update", "select a from t for key share skip locked",
			"select a from t where id = 1 lock in share mode", "select * from t for update of t nowait",
			"with x as (select a from t for update) select * from x", "(select a from t for update)",
			"lock tables t read" })
	void shouldSendLockingReadsToThePrimaryAsReads(String sql) {
		assertThat(SqlStatements.isWrite(sql)).isFalse();
		assertThat(SqlStatements.mayWrite(sql)).isFalse();
		assertThat(SqlStatements.needsPrimary(sql)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "select * from t", "  SELECT 1", "with x as (select 1) select * from x", "values (1)",
			"show tables", "SHOW SLAVE STATUS", "/* insert */ select 1", "-- delete\nselect 1", "inserted_rows",
			"updated_at", "", "   ", "(select 1) union (select 2)", "  ( ( select a from t ) )",
			"explain select * from t where updated_at > now()", "EXPLAIN FORMAT=JSON SELECT 1",
			"explain analyze select * from t", "describe t", "desc t",
			"with recursive r(n) as (select 1 union all select n + 1 from r where n < 3) select * from r",
			"select replace(name, 'a', 'b'), insert(name, 1, 2, 'x') from t",
			"with x as (select replace(a, 'b', 'c') as r from t) select * from x",
			"select 'insert into t values (1); for update' from t", "select \"delete\" from t",
			"select `update` from t", "select $$ for update $$", "select $tag$ insert; nextval( $tag$",
			"select * from t where a = $1", "select lastval()", "select currval('s')",
			"select previous value for order_seq", "select a from t -- for update", "select a /* for update */ from t",
			"select a from t where b = 'it''s ; insert'", "select a from t where b = 'back\\' slash; delete'",
			"select nextval_count from stats", "select for_update from t", "copy t to stdout",
			"COPY (SELECT a FROM t) TO STDOUT", "copy (select a from t where b in (select b from u)) to stdout",
			"select id from orders where status = 'updated' order by id" })
	void shouldTreatReadsAsReads(String sql) {
		assertThat(SqlStatements.isWrite(sql)).isFalse();
		assertThat(SqlStatements.mayWrite(sql)).isFalse();
		assertThat(SqlStatements.needsPrimary(sql)).isFalse();
	}

}
