package io.github.replicarouting.autoconfigure.app;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

public interface ItemRepository extends JpaRepository<Item, Long> {

	/**
	 * A declared query method: Spring Data gives it no transaction.
	 */
	@Query(value = "select name from whoami", nativeQuery = true)
	String whoami();

	@Transactional(readOnly = true)
	@Query(value = "select name from whoami", nativeQuery = true)
	String whoamiReadOnly();

}
