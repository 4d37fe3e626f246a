package io.github.replicarouting;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.data.repository.core.RepositoryInformation;
import org.springframework.transaction.interceptor.TransactionAttribute;
import org.springframework.transaction.interceptor.TransactionAttributeSource;

/**
 * Tells the read methods of one repository from the others, once per method. A read is a query
 * method that is neither {@code @Modifying} nor a derived delete, an inherited method Spring Data
 * runs in a read-only transaction ({@code findById}, {@code findAll}, {@code count},
 * {@code exists}, the {@code Example} and {@code Specification} finders), a Querydsl finder, or
 * any of these that the repository itself marks {@code @Transactional(readOnly = true)}. A method
 * with a read-write transaction attribute, and the application's own fragments and default
 * methods (code that may do anything), are not reads.
 */
final class RepositoryReadMethods {

	/** Derived deletes, as Spring Data's {@code PartTree} recognizes them. */
	private static final Pattern DERIVED_DELETE = Pattern.compile("^(delete|remove)(\\p{Lu}.*?)??By");

	private static final Set<String> QUERYDSL_EXECUTORS = Set.of(
			"org.springframework.data.querydsl.QuerydslPredicateExecutor",
			"org.springframework.data.querydsl.ListQuerydslPredicateExecutor");

	private final RepositoryInformation information;

	private final TransactionAttributeSource transactions;

	private final Map<Method, Optional<String>> reads = new ConcurrentHashMap<>();

	RepositoryReadMethods(RepositoryInformation information, TransactionAttributeSource transactions) {
		this.information = information;
		this.transactions = transactions;
	}

	/**
	 * The name of {@code method} for messages, as {@code Repository.method}, when it is a read.
	 * @param method a method called on the repository
	 * @return its name, or empty when it is not a read
	 */
	Optional<String> read(Method method) {
		return this.reads.computeIfAbsent(method, (key) -> isRead(key)
				? Optional.of(this.information.getRepositoryInterface().getName() + "." + key.getName())
				: Optional.empty());
	}

	private boolean isRead(Method method) {
		if (method.getDeclaringClass() == Object.class) {
			return false;
		}
		TransactionAttribute attribute = this.transactions.getTransactionAttribute(method,
				this.information.getRepositoryBaseClass());
		if (this.information.isQueryMethod(method)) {
			return (attribute != null) ? attribute.isReadOnly() : !isModifying(method)
					&& !DERIVED_DELETE.matcher(method.getName()).find();
		}
		if (this.information.isBaseClassMethod(method)) {
			return attribute != null && attribute.isReadOnly();
		}
		if (this.information.isCustomMethod(method)) {
			return QUERYDSL_EXECUTORS.contains(method.getDeclaringClass().getName())
					&& (attribute == null || attribute.isReadOnly());
		}
		return false;
	}

	/**
	 * Each store has its own {@code @Modifying} (JPA, JDBC, R2DBC), so it is known by name.
	 */
	private static boolean isModifying(Method method) {
		return MergedAnnotations.from(method)
			.stream()
			.anyMatch((annotation) -> annotation.getType().getSimpleName().equals("Modifying")
					&& annotation.getType().getName().startsWith("org.springframework.data."));
	}

}
