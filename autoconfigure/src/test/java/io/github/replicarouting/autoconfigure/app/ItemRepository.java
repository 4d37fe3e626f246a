package io.github.replicarouting.autoconfigure.app;

import java.util.List;

import io.github.replicarouting.UsePrimary;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

public interface ItemRepository extends JpaRepository<Item, Long>, JpaSpecificationExecutor<Item> {

	/**
	 * A declared query method: Spring Data gives it no transaction.
	 */
	@Query(value = "select name from whoami", nativeQuery = true)
	String whoami();

	@Transactional(readOnly = true)
	@Query(value = "select name from whoami", nativeQuery = true)
	String whoamiReadOnly();

	@UsePrimary
	@Query(value = "select name from whoami", nativeQuery = true)
	String whoamiOnPrimary();

	/**
	 * A derived query method: Spring Data gives it no transaction. Each database's first item is
	 * named after the database.
	 */
	Item findFirstByOrderByIdAsc();

	/**
	 * A derived delete: a write, although Spring Data gives it no transaction of its own.
	 */
	long deleteByName(String name);

	/**
	 * A write declared as a plain query: neither {@code @Modifying} nor {@code @Transactional}.
	 */
	@Query(value = "insert into item (name) values (:name)", nativeQuery = true)
	List<Object> insertUndeclared(String name);

}
