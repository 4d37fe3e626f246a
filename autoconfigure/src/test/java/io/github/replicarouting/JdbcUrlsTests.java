package io.github.replicarouting;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcUrlsTests {

	private static final String SECRET = "S3cr3t";

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			jdbc:postgresql://db:5432/app?password=S3cr3t                                | jdbc:postgresql://db:5432/app
			jdbc:postgresql://db:5432/app?ssl=true&sslpassword=S3cr3t&password1=S3cr3t   | jdbc:postgresql://db:5432/app
			jdbc:postgresql://db-1:5432,db-2:5433/app?targetServerType=primary&password=S3cr3t | jdbc:postgresql://db-1:5432,db-2:5433/app
			jdbc:postgresql://[::1]:5432/app?password=S3cr3t                             | jdbc:postgresql://[::1]:5432/app
			jdbc:postgresql://db/app                                                     | jdbc:postgresql://db/app
			jdbc:postgresql://db:5432/                                                   | jdbc:postgresql://db:5432/
			jdbc:postgresql:app?password=S3cr3t                                          | jdbc:postgresql:app
			jdbc:mariadb://app:S3cr3t@db:3306/app?sslpassword=S3cr3t                     | jdbc:mariadb://db:3306/app
			jdbc:mysql://app:S3cr3t@db-1:3306,db-2:3307/app?password1=S3cr3t             | jdbc:mysql://db-1:3306,db-2:3307/app
			jdbc:mysql://app:p?S3cr3t;@db:3306/app                                       | jdbc:mysql://db:3306/app
			jdbc:mariadb:replication://db-1,db-2/app?password=S3cr3t                     | jdbc:mariadb:replication://db-1,db-2/app
			jdbc:mariadb://address=(host=db-1)(port=3306)(type=primary)(password=S3cr3t),address=(host=db-2)(port=3307)/app?user=app | jdbc:mariadb://db-1:3306,db-2:3307/app
			jdbc:mysql://(host=db,port=3306,user=app,password=S3cr3t)/app                | jdbc:mysql://db:3306/app
			jdbc:mysql://[(host=db-1,port=3306,password=S3cr3t),(host=db-2,password=S3cr3t)]/app | jdbc:mysql://db-1:3306,db-2/app
			jdbc:mariadb:address=(host=db)(port=3306)/app?password=S3cr3t                | jdbc:mariadb:
			jdbc:h2:mem:test;DB_CLOSE_DELAY=-1;PASSWORD=S3cr3t                           | jdbc:h2:mem:test
			jdbc:h2:file:/var/data/app;USER=app;PASSWORD=S3cr3t                          | jdbc:h2:file:/var/data/app
			jdbc:h2:./data/app;PASSWORD=S3cr3t                                           | jdbc:h2:./data/app
			jdbc:h2:tcp://db:9092/~/app;PASSWORD=S3cr3t                                  | jdbc:h2:tcp://db:9092/~/app
			jdbc:sqlserver://db:1433;databaseName=app;password=S3cr3t                    | jdbc:sqlserver://db:1433
			jdbc:derby:memory:app;create=true;password=S3cr3t                            | jdbc:derby:memory:app
			jdbc:oracle:thin:app/S3cr3t@db:1521:orcl                                     | jdbc:oracle:
			jdbc:oracle:thin:@//db:1521/service?password=S3cr3t                          | jdbc:oracle:
			jdbc:db2://db:50000/APP:user=app;password=S3cr3t;                            | jdbc:db2://db:50000/APP
			postgres://app:S3cr3t@db/app                                                 | postgres://db/app
			jdbc:custom://db/app(S3cr3t)                                                 | jdbc:custom://db/app
			jdbc:custom://a b S3cr3t@                                                    | jdbc:custom://
			jdbc:h2:mem:x@S3cr3t                                                         | jdbc:h2:
			h2:mem:S3cr3t                                                                | h2:
			not a url S3cr3t                                                             | ''
			""")
	void reducesToSchemeHostsPortsAndDatabase(String url, String reduced) {
		assertThat(JdbcUrls.reduce(url)).isEqualTo(reduced).doesNotContain(SECRET);
	}

	@Test
	void reducesEveryUrlInADriversMessage() {
		String message = "url parsing error : '//' is not present in the url "
				+ "jdbc:mariadb:address=(host=db)(port=3306)/app?password=S3cr3t nor in 'jdbc:h2:mem:x;PASSWORD=S3cr3t'.";

		assertThat(JdbcUrls.reduceWithin(message))
			.isEqualTo("url parsing error : '//' is not present in the url jdbc:mariadb: nor in 'jdbc:h2:mem:x'.");
		assertThat(JdbcUrls.reduceWithin("Connection to 127.0.0.1:5433 refused."))
			.isEqualTo("Connection to 127.0.0.1:5433 refused.");
		assertThat(JdbcUrls.reduceWithin(null)).isNull();
	}

}
