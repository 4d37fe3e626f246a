package io.github.replicarouting;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SqlStatementsTests {

	@ParameterizedTest
	@ValueSource(strings = { "insert into t values (1)", "  UPDATE t set a = 1", "delete from t",
			"/* audit */ insert into t values (1)", "-- note\nmerge into t using s on (1=1)", "(insert into t values (1))",
			"create table t (a int)", "DROP TABLE t", "truncate table t", "alter table t add b int" })
	void shouldRecognizeWrites(String sql) {
		assertThat(SqlStatements.isWrite(sql)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "select * from t", "  SELECT 1", "with x as (select 1) select * from x", "values (1)",
			"show tables", "/* insert */ select 1", "inserted_rows", "updated_at", "", "   ", "call report()" })
	void shouldTreatOtherStatementsAsReads(String sql) {
		assertThat(SqlStatements.isWrite(sql)).isFalse();
	}

}
