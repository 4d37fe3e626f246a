package io.github.replicarouting;

import org.aopalliance.aop.Advice;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.data.repository.core.RepositoryInformation;
import org.springframework.data.repository.core.support.RepositoryProxyPostProcessor;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionInterceptor;

/**
 * Makes a Spring Data repository's read methods, called outside a transaction, reads on a
 * replica ({@link RepositoryReads}). Spring Data runs derived and declared query methods without
 * a transaction, so without this they would follow {@code non-transactional-reads}. The advice
 * sits just outside Spring Data's own transaction advice, so that it sees whether the caller is
 * in a transaction before the repository starts one of its own, and judges each method by the
 * transaction attribute Spring Data gives it.
 */
public final class RepositoryReadsPostProcessor implements RepositoryProxyPostProcessor {

	private final RepositoryReads mode;

	/**
	 * Create a post-processor.
	 * @param mode where reads go; {@link RepositoryReads#PRIMARY} leaves repositories as they are
	 */
	public RepositoryReadsPostProcessor(RepositoryReads mode) {
		this.mode = mode;
	}

	@Override
	public void postProcess(ProxyFactory factory, RepositoryInformation information) {
		if (this.mode == RepositoryReads.PRIMARY) {
			return;
		}
		Advisor[] advisors = factory.getAdvisors();
		int position = advisors.length;
		TransactionAttributeSource transactions = null;
		for (int i = 0; i < advisors.length; i++) {
			Advice advice = advisors[i].getAdvice();
			if (advice instanceof TransactionInterceptor interceptor) {
				position = i;
				transactions = interceptor.getTransactionAttributeSource();
				break;
			}
		}
		RepositoryReadMethods reads = new RepositoryReadMethods(information,
				(transactions != null) ? transactions : new AnnotationTransactionAttributeSource());
		factory.addAdvice(position, new RepositoryReadAdvice(reads, this.mode == RepositoryReads.READ_YOUR_WRITES));
	}

}
