package io.github.replicarouting.test.repositoryreads;

import com.querydsl.core.types.PathMetadataFactory;
import com.querydsl.core.types.dsl.EntityPathBase;
import com.querydsl.core.types.dsl.StringPath;

/**
 * The Querydsl query type of {@link Account}, written by hand as Querydsl's annotation processor
 * would generate it: Spring Data's Querydsl support looks it up by this name.
 */
public class QAccount extends EntityPathBase<Account> {

	private static final long serialVersionUID = 1L;

	public static final QAccount account = new QAccount("account");

	public final StringPath name = createString("name");

	public QAccount(String variable) {
		super(Account.class, PathMetadataFactory.forVariable(variable));
	}

}
