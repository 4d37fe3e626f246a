package io.github.replicarouting.test.osiv;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Spring Data's repository: its {@code findById} runs in its own
 * {@code @Transactional(readOnly = true)}, routed as a repository read ({@code repository-reads:
 * read-your-writes}, the default: a replica for a client that has not written, reason
 * {@code read-your-writes}).
 */
interface Authors extends JpaRepository<Author, Long> {

}
